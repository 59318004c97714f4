import { spawn, ChildProcess } from 'child_process';
import path from 'path';
import type { Emulator } from '@complete-clusters/azure-arm-emulator';
import type { BucketLimit, PacingBucket } from '../azure/pacing/pacingBuckets';

const transform = require.resolve('@backstage/cli/config/nodeTransform.cjs');
const runner = path.resolve(__dirname, 'runEngine.ts');

/** One backend replica reduced to its engine ({@link runEngine}), as its own process. */
export interface EngineProcessOptions {
  worker: string;
  emulator: Pick<Emulator, 'url' | 'certPath'>;
  /** Its database: a SQLite file, or a PostgreSQL connection (knex's `connection`). */
  database: { sqliteFile: string } | { postgres: unknown };
  leaseMs: number;
  concurrency?: number;
  /** The subscription's pacing limits; none: unpaced. */
  pacing?: Record<PacingBucket, BucketLimit>;
}

/**
 * Starts an engine process that trusts the emulator as the portal does
 * (NODE_EXTRA_CA_CERTS), so that a test can kill it with SIGKILL at any
 * moment or run several on one database. The caller kills it.
 */
export function spawnEngine(options: EngineProcessOptions): ChildProcess {
  const { database } = options;
  return spawn(process.execPath, ['--require', transform, runner], {
    env: {
      ...process.env,
      ...('sqliteFile' in database
        ? { ENGINE_DB: database.sqliteFile }
        : { ENGINE_PG: JSON.stringify(database.postgres) }),
      ENGINE_ENDPOINT: options.emulator.url,
      ENGINE_WORKER: options.worker,
      ENGINE_LEASE_MS: String(options.leaseMs),
      ...(options.concurrency
        ? { ENGINE_CONCURRENCY: String(options.concurrency) }
        : {}),
      ...(options.pacing
        ? { ENGINE_PACING: JSON.stringify(options.pacing) }
        : {}),
      NODE_EXTRA_CA_CERTS: options.emulator.certPath!,
    },
    // Nothing reads its output: a pipe left unread would stop the process once full.
    stdio: ['ignore', 'ignore', 'inherit'],
  });
}
