import { execFile, execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createEmulator, Emulator, emulatorAccessToken } from './index';

/**
 * Debian's interpreter, where `apt-get install -y python3-azure` puts
 * Microsoft's Python SDK (a `python3` earlier on PATH, e.g. pyenv's, does not see it).
 */
const PYTHON = '/usr/bin/python3';
const SCRIPT = path.join(__dirname, 'independentClient', 'python_sdk_check.py');
const SUBSCRIPTION = '00000000-0000-0000-0000-0000000000a1';

function pythonAzureInstalled(): boolean {
  try {
    execFileSync(
      PYTHON,
      [
        '-c',
        'import azure.mgmt.containerservice, azure.mgmt.kubernetesconfiguration, azure.mgmt.msi',
      ],
      { stdio: 'ignore' },
    );
    return true;
  } catch {
    return false;
  }
}

const installed = pythonAzureInstalled();
if (!installed) {
  // eslint-disable-next-line no-console
  console.warn(
    "Skipping the independent-client test: Debian's python3-azure is not installed (apt-get install -y python3-azure; ./portal test installs it).",
  );
}

(installed ? describe : describe.skip)(
  "an independent client: Microsoft's Python SDK (Debian python3-azure) at its own api-versions",
  () => {
    let emulator: Emulator;
    let dir: string;

    beforeAll(async () => {
      // Page size 1: every list the script reads comes in pages joined by nextLink.
      emulator = await createEmulator({
        operationDurationMs: 30,
        retryAfterSeconds: 0,
        pageSize: 1,
        subscriptions: [SUBSCRIPTION],
      });
      dir = fs.mkdtempSync(path.join(os.tmpdir(), 'arm-emulator-python-'));
      fs.writeFileSync(path.join(dir, 'ca.pem'), emulator.caPem!);
    });
    afterAll(async () => {
      await emulator?.close();
      if (dir) fs.rmSync(dir, { recursive: true, force: true });
    });

    it('creates a GPU cluster, reads and pages, installs Flux, assigns a policy and roles, is refused as Azure refuses, and deletes', async () => {
      const ca = path.join(dir, 'ca.pem');
      const { code, stdout, stderr } = await new Promise<{
        code: number;
        stdout: string;
        stderr: string;
      }>(resolve => {
        execFile(
          PYTHON,
          [SCRIPT],
          {
            timeout: 120_000,
            env: {
              PATH: process.env.PATH,
              HOME: process.env.HOME,
              ARM_URL: emulator.url,
              ARM_CA: ca,
              ARM_SUBSCRIPTION: SUBSCRIPTION,
              ARM_TOKEN: emulatorAccessToken({ expiresInSeconds: 3600 }),
              // The machine points requests at its own bundle; the emulator's CA is ours.
              REQUESTS_CA_BUNDLE: ca,
            },
          },
          (error, out, err) =>
            resolve({
              code: error ? Number((error as any).code ?? 1) : 0,
              stdout: String(out),
              stderr: String(err),
            }),
        );
      });
      const failed = stdout.split('\n').find(l => l.startsWith('FAILED'));
      expect({ failed, stderr: code === 0 ? '' : stderr.slice(-3000) }).toEqual(
        { failed: undefined, stderr: '' },
      );
      expect(code).toBe(0);
      const passed = Number(/passed (\d+) checks/.exec(stdout)?.[1]);
      expect(passed).toBeGreaterThanOrEqual(50);
      // What Python sent, as the emulator counted it: the SDK's own versions were served.
      expect(emulator.state.stats.responsesByStatus['201']).toBeGreaterThan(0);
    }, 180_000);
  },
);
