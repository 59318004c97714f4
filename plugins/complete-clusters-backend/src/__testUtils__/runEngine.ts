/* eslint-disable no-console */
/**
 * A backend replica reduced to its engine, run as its own process so that a
 * test can kill it with SIGKILL mid-operation, or run several on one database.
 * Env: ENGINE_DB (SQLite file) or ENGINE_PG (JSON of a PostgreSQL connection),
 * ENGINE_ENDPOINT (ARM endpoint), ENGINE_WORKER, ENGINE_LEASE_MS, ENGINE_CONCURRENCY,
 * ENGINE_PACING (JSON of the pacing limits; none: unpaced).
 * NODE_EXTRA_CA_CERTS makes it trust the emulator, as in the portal.
 */
import knexFactory from 'knex';
import { DatabaseClusterStore } from '../database/DatabaseClusterStore';
import { Reconciler } from '../engine/Reconciler';
import { azureClientsBySubscription } from '../azure/createAzureClients';
import { emulatorSettings, TEST_PLATFORM } from './emulator';
import { SubscriptionPacer } from '../azure/pacing/SubscriptionPacer';

async function main() {
  const knex = process.env.ENGINE_PG
    ? knexFactory({
        client: 'pg',
        connection: JSON.parse(process.env.ENGINE_PG),
      })
    : knexFactory({
        client: 'better-sqlite3',
        connection: { filename: process.env.ENGINE_DB! },
        useNullAsDefault: true,
      });
  const database = { getClient: async () => knex, migrations: { skip: true } };
  const store = await DatabaseClusterStore.create({
    database: database as any,
  });
  const logger: any = {
    info: console.log,
    warn: console.log,
    error: console.log,
    debug() {},
    child: () => logger,
  };
  const reconciler = new Reconciler({
    store,
    clientsFor: azureClientsBySubscription(
      emulatorSettings({ url: process.env.ENGINE_ENDPOINT! }),
      process.env.ENGINE_PACING
        ? {
            pacing: {
              pacer: new SubscriptionPacer(
                knex,
                JSON.parse(process.env.ENGINE_PACING),
              ),
              maxInlineWaitMs: 5000,
            },
          }
        : {},
    ),
    settings: {
      pollIntervalMs: 100,
      leaseMs: Number(process.env.ENGINE_LEASE_MS ?? 60_000),
      concurrency: Number(process.env.ENGINE_CONCURRENCY ?? 10),
      maxAttempts: 6,
    },
    platform: TEST_PLATFORM,
    logger,
    workerId: process.env.ENGINE_WORKER ?? 'engine',
  });
  console.log('engine started');
  for (;;) {
    await reconciler.wake();
    await new Promise(r => setTimeout(r, 100));
  }
}

main().catch(e => {
  console.error(e);
  process.exit(1);
});
