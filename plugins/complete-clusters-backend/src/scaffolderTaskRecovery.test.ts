import { spawn, ChildProcess } from 'child_process';
import fs from 'fs';
import os from 'os';
import path from 'path';
import { mockCredentials } from '@backstage/backend-test-utils';
import type { Emulator } from '@complete-clusters/azure-arm-emulator';
import { emulatorState, startTrustedEmulator } from './__testUtils__/emulator';
import { until } from './__testUtils__/until';

jest.setTimeout(240_000);

const transform = require.resolve('@backstage/cli/config/nodeTransform.cjs');
const runner = path.resolve(__dirname, '__testUtils__/runPortalBackend.ts');
const USER = 'user:default/alice';

describe('a portal backend killed with SIGKILL while its Scaffolder task follows a cluster', () => {
  let emulator: Emulator;
  let dir: string;
  const children: ChildProcess[] = [];

  beforeAll(async () => {
    emulator = await startTrustedEmulator({ operationDurationMs: 2500 });
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'portal-kill-'));
  });
  afterAll(async () => {
    children.forEach(c => c.kill('SIGKILL'));
    await emulator?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  /** Starts a backend process on the shared databases; resolves with its base URL once it listens. */
  function startPortal(): Promise<{ child: ChildProcess; url: string }> {
    const child = spawn(process.execPath, ['--require', transform, runner], {
      env: {
        ...process.env,
        PORTAL_DATA: dir,
        PORTAL_ENDPOINT: emulator.url,
        PORTAL_USER: USER,
        NODE_EXTRA_CA_CERTS: emulator.certPath!,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    children.push(child);
    let out = '';
    return new Promise((resolve, reject) => {
      const onData = (chunk: Buffer) => {
        out += chunk.toString();
        const port = /portal listening on (\d+)/.exec(out)?.[1];
        if (port) resolve({ child, url: `http://localhost:${port}` });
      };
      child.stdout!.on('data', onData);
      child.stderr!.on('data', onData);
      child.on('exit', code =>
        reject(
          new Error(
            `the portal backend exited with ${code}:\n${out.slice(-3000)}`,
          ),
        ),
      );
    });
  }

  const call = async (url: string, p: string, init: RequestInit = {}) => {
    const res = await fetch(`${url}${p}`, {
      ...init,
      headers: {
        Authorization: mockCredentials.user.header(USER),
        'Content-Type': 'application/json',
      },
    });
    return {
      status: res.status,
      body: res.headers.get('content-type')?.includes('json')
        ? await res.json()
        : undefined,
    };
  };
  const events = async (
    url: string,
    taskId: string,
  ): Promise<Array<{ type: string; body: any }>> =>
    (await call(url, `/api/scaffolder/v2/tasks/${taskId}/events`)).body;

  it('takes the task up again at the step it was in, and the cluster is created once', async () => {
    const first = await startPortal();
    await until('the generated Scaffolder Template in the catalog', async () =>
      (
        await call(
          first.url,
          '/api/catalog/entities/by-name/template/default/developer',
        )
      ).status === 200
        ? true
        : undefined,
    );
    const created = await call(first.url, '/api/scaffolder/v2/tasks', {
      method: 'POST',
      body: JSON.stringify({
        templateRef: 'template:default/developer',
        values: { name: 'recovered-task' },
      }),
    });
    expect(created.status).toBe(201);
    const taskId: string = created.body.id;

    // Kill it while Azure creates the managed cluster and the task waits in that step.
    await until(
      'the task to wait for the managed cluster, with Azure creating it',
      async () => {
        const log = (await events(first.url, taskId)).map(
          e => e.body.message ?? '',
        );
        const state = await emulatorState(emulator);
        const creating = state.operations.some(
          (o: any) => o.kind === 'managedCluster' && o.status === 'InProgress',
        );
        return creating &&
          log.includes('Beginning step Managed cluster and node pools')
          ? true
          : undefined;
      },
    );
    first.child.kill('SIGKILL');
    await new Promise(r => first.child.once('exit', r));

    const second = await startPortal();
    const done = await until(
      'the task to end after the restart',
      async () => {
        const task = (
          await call(second.url, `/api/scaffolder/v2/tasks/${taskId}`)
        ).body;
        return task.status === 'completed' || task.status === 'failed'
          ? task
          : undefined;
      },
      180_000,
    );
    expect(done.status).toBe('completed');
    const log = (await events(second.url, taskId)).map(
      e => e.body.message ?? e.type,
    );
    expect(log).toEqual(
      expect.arrayContaining([
        'recovered',
        'Skipping step request because it was already completed in a previous run',
        'Skipping step resource-group because it was already completed in a previous run',
        'Finished step Applications',
      ]),
    );

    const cluster = (
      await call(second.url, '/api/complete-clusters/clusters/recovered-task')
    ).body;
    expect(cluster.phase).toBe('Ready');
    const state = await emulatorState(emulator);
    expect(
      state.resources
        .filter((r: any) => /managedclusters$/i.test(r.type))
        .map((r: any) => r.name),
    ).toEqual(['recovered-task']);
    expect(
      state.operations.filter((o: any) => o.kind === 'managedCluster'),
    ).toHaveLength(1);
  });
});
