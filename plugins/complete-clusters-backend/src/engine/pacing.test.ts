import type { ChildProcess } from 'child_process';
import { mockServices, TestDatabases } from '@backstage/backend-test-utils';
import type { Emulator } from '@complete-clusters/azure-arm-emulator';
import { DatabaseClusterStore } from '../database/DatabaseClusterStore';
import { PUBLISHED_LIMITS } from '../azure/pacing/pacingBuckets';
import {
  emulatorSettings,
  startTrustedEmulator,
} from '../__testUtils__/emulator';
import { developerRequest } from '../__testUtils__/exampleTemplates';
import { spawnEngine } from '../__testUtils__/engineProcess';
import { until } from '../__testUtils__/until';

jest.setTimeout(600_000);

const CLUSTERS = 10;

/** A subscription with small limits, so that ten clusters on two replicas exceed them unpaced. */
const LIMITS = {
  reads: { capacity: 20, refillPerSecond: 10 },
  writes: { capacity: 20, refillPerSecond: 5 },
  aksOperationStatus: { capacity: 5, refillPerSecond: 2 },
};

/**
 * Two backend replicas, each its own process, build ten clusters in one
 * subscription whose limits their load exceeds: unpaced, Azure answers 429;
 * paced by the buckets they share in the database, never.
 */
describe('two replicas pace their requests to the subscription’s limits', () => {
  const databases = TestDatabases.create({ ids: ['POSTGRES_15'] });
  const children: ChildProcess[] = [];
  afterAll(() => children.forEach(c => c.kill('SIGKILL')));

  async function build(
    databaseId: Parameters<typeof databases.init>[0],
    paced: boolean,
  ) {
    const emulator: Emulator = await startTrustedEmulator({
      operationDurationMs: 300,
      throttling: LIMITS,
    });
    const knex = await databases.init(databaseId);
    const store = await DatabaseClusterStore.create({
      database: mockServices.database({ knex }),
    });
    for (let i = 1; i <= CLUSTERS; i++)
      await store.requestCluster(
        developerRequest(emulatorSettings(emulator), `paced-${i}`),
      );
    const connection = (knex.client.config as { connection: unknown })
      .connection;
    const started = Date.now();
    const replicas = ['replica-a', 'replica-b'].map(worker => {
      const child = spawnEngine({
        worker,
        emulator,
        database: { postgres: connection },
        leaseMs: 20_000,
        concurrency: 4,
        ...(paced ? { pacing: { ...PUBLISHED_LIMITS, ...LIMITS } } : {}),
      });
      children.push(child);
      return child;
    });
    const settled = await until(
      `all ${CLUSTERS} clusters Ready or Failed`,
      async () => {
        const all = await store.listClusters();
        return all.every(c => c.phase === 'Ready' || c.phase === 'Failed')
          ? all
          : undefined;
      },
      300_000,
    );
    const seconds = (Date.now() - started) / 1000;
    replicas.forEach(c => c.kill('SIGKILL'));
    const leases = await store.listLeases();
    const stats = emulator.state.stats;
    await emulator.close();
    await knex.destroy();
    return {
      phases: settled.map(c => c.phase),
      seconds,
      throttled: stats.throttled,
      byClass: stats.throttledByClass,
      requests: Object.values(stats.requestsByMethod).reduce(
        (sum: number, n) => sum + Number(n),
        0,
      ),
      owners: new Set(leases.map(l => l.owner)),
    };
  }

  it.each(databases.eachSupportedId())(
    'on %s: 429s unpaced, none paced, every cluster Ready, both replicas working',
    async databaseId => {
      const unpaced = await build(databaseId, false);
      const paced = await build(databaseId, true);
      // eslint-disable-next-line no-console
      console.log(
        `${CLUSTERS} clusters on 2 replicas, limits ${JSON.stringify(
          LIMITS,
        )}: unpaced ${unpaced.seconds.toFixed(1)} s, ${
          unpaced.requests
        } requests, ${unpaced.throttled} × 429 ${JSON.stringify(
          unpaced.byClass,
        )}; paced ${paced.seconds.toFixed(1)} s, ${paced.requests} requests, ${
          paced.throttled
        } × 429 ${JSON.stringify(paced.byClass)}`,
      );
      // The load does exceed the limits: unpaced, Azure says no.
      expect(unpaced.throttled).toBeGreaterThan(0);
      expect(paced.throttled).toBe(0);
      expect(paced.phases).toEqual(Array(CLUSTERS).fill('Ready'));
      expect([...paced.owners].sort()).toEqual(['replica-a', 'replica-b']);
    },
  );
});
