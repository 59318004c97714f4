import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import fs from 'node:fs';
import https from 'node:https';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { createSelfSignedCertificate, isReusable } from './server/tls';
import { emulatorAccessToken } from './auth/accessToken';

jest.setTimeout(60_000);

const PACKAGE_DIR = path.resolve(__dirname, '..');
/** The hook `backstage-cli` uses to run a backend's TypeScript in Node. */
const NODE_TRANSFORM = require.resolve(
  '@backstage/cli/config/nodeTransform.cjs',
);

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>(resolve =>
    server.listen(0, '127.0.0.1', () => resolve()),
  );
  const { port } = server.address() as net.AddressInfo;
  await new Promise(resolve => server.close(resolve));
  return port;
}

interface Started {
  child: ChildProcess;
  line: string;
  output: () => string;
}

/** Runs src/bin.ts as `yarn start` does and waits for its ready line. */
function startBin(
  args: string[],
  env: Record<string, string> = {},
): Promise<Started> {
  const child = spawn(
    process.execPath,
    ['--require', NODE_TRANSFORM, 'src/bin.ts', ...args],
    {
      cwd: PACKAGE_DIR,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let out = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`bin.ts did not report ready:\n${out}`)),
      30_000,
    );
    const onData = (chunk: Buffer) => {
      out += chunk.toString();
      const line = out.split('\n').find(l => l.includes('listening on'));
      if (line) {
        clearTimeout(timer);
        resolve({ child, line, output: () => out });
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
    });
    child.on('exit', code => {
      clearTimeout(timer);
      reject(new Error(`bin.ts exited with ${code}:\n${out}`));
    });
  });
}

function stop(child: ChildProcess): Promise<number | null> {
  return new Promise(resolve => {
    if (child.exitCode !== null) {
      resolve(child.exitCode);
      return;
    }
    child.removeAllListeners('exit');
    child.once('exit', code => resolve(code));
    child.kill('SIGTERM');
  });
}

function getJson(
  url: string,
  ca: string,
): Promise<{ status: number; body: any }> {
  return new Promise((resolve, reject) => {
    https
      .get(url, { ca }, res => {
        let text = '';
        res.on('data', c => (text += c));
        res.on('end', () =>
          resolve({ status: res.statusCode!, body: JSON.parse(text) }),
        );
      })
      .on('error', reject);
  });
}

describe('bin.ts, the emulator as a process', () => {
  let certDir: string;
  const running: ChildProcess[] = [];

  beforeEach(() => {
    certDir = fs.mkdtempSync(path.join(os.tmpdir(), 'arm-emulator-bin-'));
  });
  afterEach(async () => {
    await Promise.all(running.splice(0).map(stop));
    fs.rmSync(certDir, { recursive: true, force: true });
  });

  it('serves https with its own certificate on the port it is given, says so in one line and stops on SIGTERM', async () => {
    const port = await freePort();
    const started = await startBin([
      '--port',
      String(port),
      '--cert-dir',
      certDir,
      '--operation-duration-ms',
      '10',
    ]);
    running.push(started.child);
    const certPath = path.join(certDir, 'cert.pem');
    expect(started.line).toBe(
      `Azure Resource Manager emulator listening on https://localhost:${port} (CA certificate: ${certPath})`,
    );

    const ca = fs.readFileSync(certPath, 'utf8');
    const cert = new X509Certificate(ca);
    expect(cert.subjectAltName).toContain('DNS:localhost');
    expect(cert.subjectAltName).toContain('IP Address:127.0.0.1');
    for (const host of ['localhost', '127.0.0.1']) {
      const res = await getJson(`https://${host}:${port}/_emulator/config`, ca);
      expect(res.status).toBe(200);
      expect(res.body.operationDurationMs).toBe(10);
    }

    expect(await stop(started.child)).toBe(0);
    await expect(
      getJson(`https://localhost:${port}/_emulator/config`, ca),
    ).rejects.toThrow();
  });

  it('reads its settings from the environment and keeps the certificate across restarts', async () => {
    const port = await freePort();
    const env = {
      ARM_EMULATOR_PORT: String(port),
      ARM_EMULATOR_CERT_DIR: certDir,
      ARM_EMULATOR_OPERATION_DURATION_MS: '1234',
      ARM_EMULATOR_SUBSCRIPTIONS:
        '12345678-0000-4000-8000-000000000001, 12345678-0000-4000-8000-000000000002',
    };
    const first = await startBin([], env);
    running.push(first.child);
    const ca = fs.readFileSync(path.join(certDir, 'cert.pem'), 'utf8');
    const config = (
      await getJson(`https://localhost:${port}/_emulator/config`, ca)
    ).body;
    expect(config.operationDurationMs).toBe(1234);
    expect(config.subscriptions.map((s: any) => s.subscriptionId)).toEqual([
      '12345678-0000-4000-8000-000000000001',
      '12345678-0000-4000-8000-000000000002',
    ]);
    expect(await stop(first.child)).toBe(0);

    const second = await startBin([], env);
    running.push(second.child);
    expect(fs.readFileSync(path.join(certDir, 'cert.pem'), 'utf8')).toBe(ca);
    expect(
      (await getJson(`https://localhost:${port}/_emulator/config`, ca)).status,
    ).toBe(200);
  });

  it('keeps Azure in its state file across a stop and a start', async () => {
    const port = await freePort();
    const stateFile = path.join(certDir, 'state.json');
    const env = {
      ARM_EMULATOR_PORT: String(port),
      ARM_EMULATOR_CERT_DIR: certDir,
      ARM_EMULATOR_STATE_FILE: stateFile,
    };
    const first = await startBin([], env);
    running.push(first.child);
    expect(first.line).toContain(`(state kept in ${stateFile}: 0 resources)`);
    const ca = fs.readFileSync(path.join(certDir, 'cert.pem'), 'utf8');
    const put = await new Promise<number>((resolve, reject) => {
      const req = https.request(
        `https://localhost:${port}/subscriptions/00000000-0000-0000-0000-000000000001/resourcegroups/rg-kept?api-version=2021-04-01`,
        {
          method: 'PUT',
          ca,
          headers: {
            'Content-Type': 'application/json',
            Authorization: `Bearer ${emulatorAccessToken()}`,
          },
        },
        res => {
          res.resume();
          res.on('end', () => resolve(res.statusCode!));
        },
      );
      req.on('error', reject);
      req.end(JSON.stringify({ location: 'westeurope' }));
    });
    expect(put).toBe(201);
    expect(await stop(first.child)).toBe(0);

    const second = await startBin([], env);
    running.push(second.child);
    expect(second.line).toContain(`(state kept in ${stateFile}: 1 resources)`);
  });

  it('explains a port in use instead of crashing with a stack', async () => {
    const blocker = net.createServer();
    await new Promise<void>(resolve =>
      blocker.listen(0, '127.0.0.1', () => resolve()),
    );
    const { port } = blocker.address() as net.AddressInfo;
    try {
      await expect(
        startBin(['--port', String(port), '--cert-dir', certDir]),
      ).rejects.toThrow(
        `exited with 1:\nCannot start the Azure Resource Manager emulator: port ${port} is already in use`,
      );
    } finally {
      blocker.close();
    }
  });
});

describe('the self-signed certificate', () => {
  it('is made again when it expires within a day', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'arm-emulator-cert-'));
    try {
      execFileSync(
        'openssl',
        [
          'req',
          '-x509',
          '-newkey',
          'rsa:2048',
          '-nodes',
          '-days',
          '1',
          '-keyout',
          path.join(dir, 'key.pem'),
          '-out',
          path.join(dir, 'cert.pem'),
          '-subj',
          '/CN=localhost',
          '-addext',
          'subjectAltName=DNS:localhost,IP:127.0.0.1',
        ],
        { stdio: 'pipe' },
      );
      const expiring = fs.readFileSync(path.join(dir, 'cert.pem'), 'utf8');
      expect(isReusable(expiring)).toBe(false);

      const renewed = createSelfSignedCertificate(dir);
      expect(renewed.cert).not.toBe(expiring);
      expect(
        Date.parse(new X509Certificate(renewed.cert).validTo),
      ).toBeGreaterThan(Date.now() + 25 * 24 * 3600e3);
      expect(isReusable(renewed.cert)).toBe(true);
      expect(createSelfSignedCertificate(dir).cert).toBe(renewed.cert);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
