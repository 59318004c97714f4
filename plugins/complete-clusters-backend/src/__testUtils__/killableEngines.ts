import type { ChildProcess } from 'child_process';
import fs from 'fs';
import os from 'os';
import path from 'path';
import knexFactory, { Knex } from 'knex';
import type { Emulator } from '@complete-clusters/azure-arm-emulator';
import { startTrustedEmulator } from './emulator';
import { spawnEngine } from './engineProcess';

/** What {@link killableEngines} gives a test once its beforeAll has run. */
export interface KillableEngines {
  emulator: Emulator;
  /** The SQLite file every engine process works on, open in the test. */
  knex: Knex;
  /** Starts an engine process on that file (lease 1.5 s); killed at the end if the test has not. */
  start(worker: string): ChildProcess;
  /** SIGKILL, and wait until the process is gone. */
  kill(child: ChildProcess): Promise<void>;
}

/**
 * For a crash test: an emulator whose operations take `operationDurationMs`,
 * a SQLite file, and engine processes on it that the test can SIGKILL at any
 * moment. Registers its own beforeAll and afterAll; call it in a describe.
 */
export function killableEngines(options: {
  operationDurationMs: number;
}): KillableEngines {
  let dir: string;
  const children: ChildProcess[] = [];
  const engines = {} as KillableEngines;
  const file = () => path.join(dir, 'engine.sqlite');

  beforeAll(async () => {
    engines.emulator = await startTrustedEmulator({
      operationDurationMs: options.operationDurationMs,
    });
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'engine-kill-'));
    engines.knex = knexFactory({
      client: 'better-sqlite3',
      connection: { filename: file() },
      useNullAsDefault: true,
    });
  });
  afterAll(async () => {
    children.forEach(c => c.kill('SIGKILL'));
    await engines.knex?.destroy();
    await engines.emulator?.close();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  engines.start = worker => {
    const child = spawnEngine({
      worker,
      emulator: engines.emulator,
      database: { sqliteFile: file() },
      leaseMs: 1500,
    });
    children.push(child);
    return child;
  };
  engines.kill = async child => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise(r => child.once('exit', r));
    child.kill('SIGKILL');
    await exited;
  };
  return engines;
}
