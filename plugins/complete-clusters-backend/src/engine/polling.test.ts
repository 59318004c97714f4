import { mockServices } from '@backstage/backend-test-utils';
import type { Emulator } from '@complete-clusters/azure-arm-emulator';
import knexFactory from 'knex';
import { DatabaseClusterStore } from '../database/DatabaseClusterStore';
import type { ClusterRecord } from '../database/types';
import { azureClientsBySubscription } from '../azure/createAzureClients';
import { retryAfterFromHeaders } from '../azure/retryAfter';
import {
  emulatorSettings,
  emulatorState,
  startTrustedEmulator,
  TEST_PLATFORM,
} from '../__testUtils__/emulator';
import { exampleRequest } from '../__testUtils__/exampleTemplates';
import { nextPollMs } from './polling';
import { Reconciler } from './Reconciler';

jest.setTimeout(120_000);

const headers = (h: Record<string, string>) => ({
  get: (name: string) => h[name.toLowerCase()],
});

describe('the pace of polls', () => {
  it("waits the operation's Retry-After, never less than the floor; the poll interval when Azure does not say", () => {
    const settings = { pollIntervalMs: 5000, minPollIntervalMs: 1000 };
    expect(nextPollMs(settings, 3000)).toBe(3000);
    expect(nextPollMs(settings, 0)).toBe(1000);
    expect(nextPollMs(settings, undefined)).toBe(5000);
    expect(nextPollMs({ pollIntervalMs: 5000 }, 200)).toBe(1000);
  });

  it('reads Retry-After in seconds, as an HTTP date and in milliseconds', () => {
    expect(retryAfterFromHeaders(headers({ 'retry-after': '7' }))).toBe(7000);
    expect(retryAfterFromHeaders(headers({ 'retry-after-ms': '250' }))).toBe(
      250,
    );
    const inTen = new Date(Date.now() + 10_000).toUTCString();
    const fromDate = retryAfterFromHeaders(headers({ 'retry-after': inTen }));
    expect(fromDate).toBeGreaterThan(8000);
    expect(fromDate).toBeLessThanOrEqual(10_000);
    expect(retryAfterFromHeaders(headers({}))).toBeUndefined();
    expect(
      retryAfterFromHeaders(headers({ 'retry-after': 'soon' })),
    ).toBeUndefined();
  });
});

describe("polling Azure's operations", () => {
  let emulator: Emulator;

  beforeAll(async () => {
    // Azure asks to be polled every second; each operation takes 1.5 s.
    emulator = await startTrustedEmulator({
      operationDurationMs: 1500,
      retryAfterSeconds: 1,
    });
  });
  afterAll(() => emulator?.close());

  /**
   * Requests a developer cluster named `name` and runs an engine on it until it
   * rests, woken far more often than any operation is due (every 10 ms): the
   * pace of its reads is the engine's own. `beforeRun` may set faults first.
   */
  async function runToRest(
    name: string,
    maxAttempts: number,
    beforeRun: (cluster: ClusterRecord) => Promise<void> = async () => {},
  ) {
    const knex = knexFactory({
      client: 'better-sqlite3',
      connection: ':memory:',
      useNullAsDefault: true,
    });
    const store = await DatabaseClusterStore.create({
      database: mockServices.database({ knex }),
    });
    const settings = emulatorSettings(emulator);
    const { cluster } = await store.requestCluster(
      exampleRequest('developer', settings, name),
    );
    await beforeRun(cluster);
    const engine = new Reconciler({
      store,
      clientsFor: azureClientsBySubscription(settings),
      // The engine would poll every 50 ms if it did not follow Azure's Retry-After.
      settings: {
        pollIntervalMs: 50,
        minPollIntervalMs: 200,
        leaseMs: 60_000,
        concurrency: 10,
        maxAttempts,
      },
      platform: TEST_PLATFORM,
      logger: mockServices.logger.mock(),
      workerId: name,
    });
    const started = Date.now();
    let rested = cluster;
    while (rested.phase !== 'Ready' && rested.phase !== 'Failed') {
      await engine.wake();
      rested = (await store.getCluster(name))!;
      await new Promise(r => setTimeout(r, 10));
      if (Date.now() - started > 60_000)
        throw new Error(`stuck in ${rested.phase}`);
    }
    await engine.stop();
    const events = (await store.listEvents(rested.id)).map(e => e.message);
    await knex.destroy();
    return { cluster: rested, events };
  }

  it("makes one read per poll at the operation's Retry-After, the finished resource's read being the last poll", async () => {
    const { cluster, events } = await runToRest('paced', 6);
    expect(cluster.phase).toBe('Ready');

    // The Flux extension's operation starts first; the quick writes (policy and role assignments) go while it runs.
    const extensionStarted = events.findIndex(m =>
      /^Azure accepted GitOps \(Flux\)/.test(m),
    );
    const firstQuickWrite = events.findIndex(m =>
      /^Installed (policy|access|role) /.test(m),
    );
    expect(extensionStarted).toBeGreaterThanOrEqual(0);
    expect(firstQuickWrite).toBeGreaterThan(extensionStarted);

    const { stats } = await emulatorState(emulator);
    const operations = stats.operationsStarted;
    expect(operations).toBe(6); // managed cluster, Flux extension, four Flux configurations
    // The operation's status is read only by the SDK's begin* as it sends the PUT of the Flux extension and of
    // each Flux configuration (the managed cluster's PUT is sent alone); never again, as nothing failed.
    expect(stats.reads.operationPolls).toBe(operations - 1);
    // Then each 1.5 s operation is followed by reading its resource each second, at 1 s and at 2 s: the read
    // that finds it Succeeded is the finished resource, not read again.
    expect(stats.reads.resources).toBeGreaterThanOrEqual(operations);
    expect(stats.reads.resources).toBeLessThanOrEqual(2 * operations);
    // So every operation costs at most three reads, one a second, where it was three status reads and the finished resource.
    expect(stats.requestsByMethod.GET).toBeLessThanOrEqual(3 * operations);
  });

  it("reads the operation's status once when the resource ends Failed, so the history has Azure's own reason", async () => {
    await fetch(`${emulator.url}/_emulator/reset`, { method: 'POST' });
    const setFaults = (alwaysFailResources: string[] | null) =>
      fetch(`${emulator.url}/_emulator/config`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ faults: { alwaysFailResources } }),
      });
    const { cluster: failed, events } = await runToRest(
      'redis-fails',
      2,
      async cluster => {
        const redis = `/subscriptions/${cluster.azure.subscriptionId}/resourceGroups/${cluster.azure.resourceGroup}/providers/Microsoft.ContainerService/managedClusters/${cluster.name}/providers/Microsoft.KubernetesConfiguration/fluxConfigurations/app-redis`;
        expect((await setFaults([redis])).status).toBe(200);
      },
    );
    await setFaults(null);

    expect(failed.phase).toBe('Failed');
    // The emulator's reason for the failed operation, which only its status carries (the resource says Failed).
    expect(failed.statusMessage).toMatch(/app-redis/);
    expect(failed.statusMessage).toMatch(/injected fault/);
    expect(events.some(m => /injected fault/.test(m))).toBe(true);
    // One status read per failed operation besides the SDK's as each PUT is sent: two attempts on app-redis.
    const { stats } = await emulatorState(emulator);
    expect(stats.reads.operationPolls).toBe(stats.operationsStarted - 1 + 2);
  });
});
