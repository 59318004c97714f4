import { ConfigReader } from '@backstage/config';
import { mockServices, TestDatabases } from '@backstage/backend-test-utils';
import {
  defaultThrottling,
  type Emulator,
  type ThrottlingConfig,
} from '@complete-clusters/azure-arm-emulator';
import { azureClientsBySubscription } from '../azure/createAzureClients';
import { readEngineSettings } from '../config/readCompleteClustersConfig';
import { DatabaseClusterStore } from '../database/DatabaseClusterStore';
import type { ClusterRecord } from '../database/types';
import {
  emulatorSettings,
  emulatorState,
  startTrustedEmulator,
  TEST_PLATFORM,
} from '../__testUtils__/emulator';
import { developerRequest } from '../__testUtils__/exampleTemplates';
import { Reconciler } from './Reconciler';

// The 50% run of 100 clusters took 62 s alone on a 2-core machine, and 401 s (SQLite) and 120 s
// (PostgreSQL) inside the whole suite, where other test files share the cores (it took 1,049 s alone while
// the back-off's ceiling was 60 s whatever the pace, and ran out its bound in CI).
jest.setTimeout(2_700_000);
/** How long every cluster has to come to rest: a cluster still working then is hanging. */
const DEADLINE_MS = 1_200_000;

/**
 * The engine as shipped (maxAttempts, request timeout, lease: the defaults of
 * readEngineSettings; the SDK clients as createAzureClients makes them)
 * against an Azure that fails a share of requests (dropped connections,
 * throttling, server errors) and of long-running operations. Only the pace
 * is quicker than shipped: polls every 20 ms instead of 5 s, so that the
 * back-off between attempts (counted in poll intervals, at most 12) scales
 * down with it, and more clusters at once.
 */
const shipped = readEngineSettings(new ConfigReader({}));
const settings = { ...shipped, pollIntervalMs: 20, concurrency: 25 };

/**
 * Azure's rate limits at the same pace: polls come 250 times as often as
 * shipped, so every bucket refills 250 times as fast, and the limits stand to
 * the engine's pace as Azure's stand to the shipped one (what the engine does
 * at Azure's own rates is the pacing test's subject). Injected throttling
 * (429 with Retry-After) stays.
 */
const PACE = shipped.pollIntervalMs / settings.pollIntervalMs;
const throttlingAtThisPace = Object.fromEntries(
  Object.entries(defaultThrottling).map(([c, b]) => [
    c,
    { capacity: b.capacity, refillPerSecond: b.refillPerSecond * PACE },
  ]),
) as ThrottlingConfig;

const FAULTS = {
  '20%': {
    dropConnectionRate: 0.05,
    throttleRate: 0.05,
    serverErrorRate: 0.1,
    failedOperationRate: 0.2,
  },
  '50%': {
    dropConnectionRate: 0.1,
    throttleRate: 0.1,
    serverErrorRate: 0.3,
    failedOperationRate: 0.5,
  },
};

describe('the engine at its shipped defaults against a faulty Azure', () => {
  const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });
  let emulator: Emulator;

  beforeAll(async () => {
    emulator = await startTrustedEmulator({ operationDurationMs: 100 });
  });
  afterAll(() => emulator?.close());

  async function configure(patch: object) {
    await fetch(`${emulator.url}/_emulator/config`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(patch),
    });
  }

  async function run(
    databaseId: Parameters<typeof databases.init>[0],
    rate: keyof typeof FAULTS,
    count: number,
    seed: number,
  ) {
    await fetch(`${emulator.url}/_emulator/reset`, { method: 'POST' });
    const knex = await databases.init(databaseId);
    const store = await DatabaseClusterStore.create({
      database: mockServices.database({ knex }),
    });
    const names = Array.from(
      { length: count },
      (_, i) => `fault-${rate.replace('%', '')}-${i + 1}`,
    );
    for (const name of names)
      await store.requestCluster(
        developerRequest(emulatorSettings(emulator), name),
      );
    await configure({
      operationDurationMs: 100,
      throttling: throttlingAtThisPace,
      faultRetryAfterSeconds: 0,
      faults: { ...FAULTS[rate], seed },
    });
    const engine = new Reconciler({
      store,
      clientsFor: azureClientsBySubscription(emulatorSettings(emulator)),
      settings,
      platform: TEST_PLATFORM,
      logger: mockServices.logger.mock(),
      workerId: 'faulty',
    });
    const started = Date.now();
    let clusters: ClusterRecord[] = [];
    try {
      // As the scheduler runs it (every second in the portal), until every cluster rests: none may hang.
      while (Date.now() - started < DEADLINE_MS) {
        await engine.wake();
        clusters = await store.listClusters();
        if (clusters.every(c => c.phase === 'Ready' || c.phase === 'Failed'))
          break;
        await new Promise(r => setTimeout(r, 10));
      }
    } finally {
      await engine.stop();
      await configure({
        faults: {
          dropConnectionRate: 0,
          throttleRate: 0,
          serverErrorRate: 0,
          failedOperationRate: 0,
        },
      });
    }
    const seconds = (Date.now() - started) / 1000;
    const working = clusters.filter(
      c => c.phase !== 'Ready' && c.phase !== 'Failed',
    );
    // eslint-disable-next-line no-console
    for (const c of working)
      console.log(
        `still working: ${c.name} ${c.phase} attempts ${c.attempts} ${
          c.statusMessage
        } state ${JSON.stringify(c.operationState)} failures ${JSON.stringify(
          c.operationFailures,
        )} components ${JSON.stringify(await store.listComponents(c.id))}`,
      );
    const state = await emulatorState(emulator);
    const ready = clusters.filter(c => c.phase === 'Ready');
    const failed = clusters.filter(c => c.phase === 'Failed');
    // eslint-disable-next-line no-console
    console.log(
      `${rate} faults on ${databaseId}, maxAttempts ${settings.maxAttempts}: ${
        ready.length
      } Ready, ${failed.length} Failed of ${count} in ${seconds.toFixed(
        0,
      )} s; ` +
        `faults injected ${JSON.stringify(
          state.stats.faultsInjected,
        )}; throttled by Azure's limits ${JSON.stringify(
          Object.fromEntries(
            Object.entries(
              state.stats.throttledByClass as Record<string, number>,
            ).filter(([c, n]) => n > 0 && c !== 'injected'),
          ),
        )}${
          failed.length
            ? `; failed: ${failed.map(f => f.statusMessage).join(' | ')}`
            : ''
        }`,
    );
    await knex.destroy();
    return { clusters, ready, failed, state };
  }

  describe.each(databases.eachSupportedId())('on %s', databaseId => {
    it('20% of Azure requests and operations failing: every cluster Ready', async () => {
      const { clusters, ready, state } = await run(databaseId, '20%', 20, 20);
      expect(clusters).toHaveLength(20);
      expect(ready).toHaveLength(20);
      expect(
        Object.values(
          state.stats.faultsInjected as Record<string, number>,
        ).reduce((a, b) => a + b, 0),
      ).toBeGreaterThan(100);
    });

    it('50% of Azure requests and operations failing: at least 99% Ready, the rest Failed with the reason, none left working', async () => {
      const { clusters, ready, failed } = await run(databaseId, '50%', 100, 50);
      expect(
        clusters.every(c => c.phase === 'Ready' || c.phase === 'Failed'),
      ).toBe(true);
      expect(ready.length).toBeGreaterThanOrEqual(99);
      for (const f of failed)
        expect(f.statusMessage).toMatch(
          /^Azure could not finish .+ Gave up after \d+ attempts\.$/,
        );
    });
  });
});
