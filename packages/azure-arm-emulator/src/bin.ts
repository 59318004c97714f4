/* eslint-disable no-console */
import os from 'node:os';
import path from 'node:path';
import { createEmulator } from './server/createEmulator';

const USAGE = `Usage: azure-arm-emulator [options]

Options (each also read from the environment variable shown):
  --port <n>                    ARM_EMULATOR_PORT                   (default 7443; 0 picks a free port)
  --host <address>              ARM_EMULATOR_HOST                   (default 127.0.0.1)
  --cert-dir <dir>              ARM_EMULATOR_CERT_DIR               (default ~/.azure-arm-emulator)
  --operation-duration-ms <n>   ARM_EMULATOR_OPERATION_DURATION_MS  (default 2000)
  --state-file <file>           ARM_EMULATOR_STATE_FILE             (default: none; state in memory)
                                keeps Azure's state across restarts: read at start, written at stop
  --subscriptions <ids>         ARM_EMULATOR_SUBSCRIPTIONS          (default: the ids this repository uses)
                                comma-separated subscription ids the emulator knows; others are 404 SubscriptionNotFound
  --http                        serve plain http instead of https
`;

/** Where the certificate is kept between runs when no --cert-dir is given: the user's home, not any repository. */
const DEFAULT_CERT_DIR = path.join(os.homedir(), '.azure-arm-emulator');

function argValue(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  if (i >= 0) return process.argv[i + 1];
  const eq = process.argv.find(a => a.startsWith(`${name}=`));
  return eq?.slice(name.length + 1);
}

function setting(flag: string, env: string): string | undefined {
  const value = argValue(flag) ?? process.env[env];
  return value === undefined || value === '' ? undefined : value;
}

function numberSetting(
  flag: string,
  env: string,
  fallback?: number,
): number | undefined {
  const text = setting(flag, env);
  if (text === undefined) return fallback;
  const n = Number(text);
  if (!Number.isInteger(n) || n < 0) {
    console.error(
      `${flag} (${env}) must be a whole number, got '${text}'.\n\n${USAGE}`,
    );
    process.exit(2);
  }
  return n;
}

async function main() {
  if (process.argv.includes('--help') || process.argv.includes('-h')) {
    console.log(USAGE);
    return;
  }
  const port = numberSetting('--port', 'ARM_EMULATOR_PORT', 7443);
  const host = setting('--host', 'ARM_EMULATOR_HOST') ?? '127.0.0.1';
  const tls = !process.argv.includes('--http');
  const certDir = path.resolve(
    setting('--cert-dir', 'ARM_EMULATOR_CERT_DIR') ?? DEFAULT_CERT_DIR,
  );
  const stateText = setting('--state-file', 'ARM_EMULATOR_STATE_FILE');
  const stateFile = stateText ? path.resolve(stateText) : undefined;
  const subscriptionsText = setting(
    '--subscriptions',
    'ARM_EMULATOR_SUBSCRIPTIONS',
  );
  const subscriptions = subscriptionsText
    ?.split(',')
    .map(x => x.trim())
    .filter(Boolean);
  if (
    subscriptions &&
    subscriptions.some(
      id =>
        !/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(
          id,
        ),
    )
  ) {
    console.error(
      `--subscriptions (ARM_EMULATOR_SUBSCRIPTIONS) must be comma-separated subscription ids (GUIDs), got '${subscriptionsText}'.\n\n${USAGE}`,
    );
    process.exit(2);
  }
  const emulator = await createEmulator({
    subscriptions,
    port,
    host,
    tls,
    certDir: tls ? certDir : undefined,
    operationDurationMs: numberSetting(
      '--operation-duration-ms',
      'ARM_EMULATOR_OPERATION_DURATION_MS',
    ),
    stateFile,
  });
  const shownHost = ['127.0.0.1', '0.0.0.0', '::', '::1', 'localhost'].includes(
    host,
  )
    ? 'localhost'
    : host;
  const url = `${tls ? 'https' : 'http'}://${shownHost}:${emulator.port}`;
  console.log(
    `Azure Resource Manager emulator listening on ${url}${
      emulator.certPath ? ` (CA certificate: ${emulator.certPath})` : ''
    }${
      stateFile
        ? ` (state kept in ${stateFile}: ${emulator.state.resources.size} resources)`
        : ''
    }`,
  );
  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    emulator.close().then(
      () => process.exit(0),
      e => {
        console.error(`The emulator did not stop cleanly: ${e?.message ?? e}`);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch(e => {
  if (e?.code === 'EADDRINUSE')
    console.error(
      `Cannot start the Azure Resource Manager emulator: port ${e.port} is already in use (set --port or ARM_EMULATOR_PORT).`,
    );
  else console.error(e?.name === 'StateFileError' ? e.message : e);
  process.exit(1);
});
