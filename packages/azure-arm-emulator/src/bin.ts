/* eslint-disable no-console */
import { createEmulator } from './server/createEmulator';

function argValue(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  if (i >= 0) return process.argv[i + 1];
  const eq = process.argv.find(a => a.startsWith(`${name}=`));
  return eq?.slice(name.length + 1);
}

async function main() {
  const port = Number(argValue('--port') ?? process.env.ARM_EMULATOR_PORT ?? 7443);
  const tls = !process.argv.includes('--http');
  const duration = argValue('--operation-duration-ms');
  const emulator = await createEmulator({
    port,
    tls,
    certDir: argValue('--cert-dir'),
    operationDurationMs: duration ? Number(duration) : undefined,
  });
  console.log(emulator.url);
  if (emulator.certPath) console.log(`certificate: ${emulator.certPath}`);
  const stop = () => emulator.close().then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch(e => {
  console.error(e);
  process.exit(1);
});
