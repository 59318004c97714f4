import { ConfigReader } from '@backstage/config';
import { mockServices, TestDatabases } from '@backstage/backend-test-utils';
import type { Emulator } from '@complete-clusters/azure-arm-emulator';
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

jest.setTimeout(300_000);

/**
 * The engine as shipped (maxAttempts 40, the default of readEngineSettings;
 * the production SDK clients) against an Azure that accepts every operation on
 * one managed cluster and then fails it. A successful submission resets the
 * attempts, so without a count of the operation's failed outcomes the engine
 * would start it again for ever. Only the pace is quicker than shipped (polls
 * every 20 ms), and the emulator's per-cluster limit on managed-cluster PUTs
 * (20, then one a minute, as AKS) is raised so that 40 PUTs take seconds.
 */
const shipped = readEngineSettings(new ConfigReader({}));
const settings = { ...shipped, pollIntervalMs: 20 };

describe('an operation Azure fails every time', () => {
  const databases = TestDatabases.create({ ids: ['SQLITE_3'] });
  let emulator: Emulator;

  beforeAll(async () => {
    emulator = await startTrustedEmulator({ operationDurationMs: 30 });
  });
  afterAll(() => emulator?.close());

  it(`stops at the shipped maxAttempts (${shipped.maxAttempts}) with the cluster Failed, naming the operation and Azure's last error`, async () => {
    const knex = await databases.init('SQLITE_3');
    const store = await DatabaseClusterStore.create({
      database: mockServices.database({ knex }),
    });
    const { cluster: doomed } = await store.requestCluster(
      developerRequest(emulatorSettings(emulator), 'always-fails'),
    );
    const { cluster: healthy } = await store.requestCluster(
      developerRequest(emulatorSettings(emulator), 'never-fails'),
    );
    const managedClusterId = `/subscriptions/${doomed.azure.subscriptionId}/resourceGroups/${doomed.azure.resourceGroup}/providers/Microsoft.ContainerService/managedClusters/${doomed.name}`;
    const configured = await fetch(`${emulator.url}/_emulator/config`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({
        faults: { alwaysFailResources: [managedClusterId] },
        throttling: {
          managedClusterPuts: { capacity: 1000, refillPerSecond: 100 },
        },
      }),
    });
    expect(configured.status).toBe(200);
    const engine = new Reconciler({
      store,
      clientsFor: azureClientsBySubscription(emulatorSettings(emulator)),
      settings,
      platform: TEST_PLATFORM,
      logger: mockServices.logger.mock(),
      workerId: 'always-fails',
    });
    const started = Date.now();
    let clusters: ClusterRecord[] = [];
    // As the scheduler runs it, until both rest; a loop without end would run out the bound (and the test's time).
    for (let pass = 0; pass < 20_000; pass++) {
      await engine.wake();
      clusters = await store.listClusters();
      if (clusters.every(c => c.phase === 'Ready' || c.phase === 'Failed'))
        break;
      await new Promise(r => setTimeout(r, 5));
    }
    const seconds = (Date.now() - started) / 1000;
    const after = (id: string) => clusters.find(c => c.id === id)!;

    expect(after(healthy.id).phase).toBe('Ready');
    const failed = after(doomed.id);
    expect(failed).toMatchObject({
      phase: 'Failed',
      failedPhase: 'ManagedCluster',
    });
    expect(failed.statusMessage).toMatch(
      new RegExp(
        `^Azure failed creating managed cluster always-fails ${shipped.maxAttempts} times: each time it accepted the operation and then ended it Failed, so the engine stopped starting it again\\. Azure's last error: Azure could not finish creating managed cluster always-fails this time\\. \\(Azure .*InternalOperationError.+\\) Fix: .+`,
      ),
    );
    // Azure's own reason, which only the operation's status carries (the cluster just says Failed).
    expect(failed.statusMessage).toMatch(/injected fault/);
    // Azure saw exactly maxAttempts operations on it, every one Failed, and none since.
    const state = await emulatorState(emulator);
    const onDoomed = (state.operations as any[]).filter(op =>
      op.resourceIds.includes(managedClusterId.toLowerCase()),
    );
    expect(onDoomed.map(op => op.status)).toEqual(
      Array(shipped.maxAttempts).fill('Failed'),
    );
    const events = await store.listEvents(doomed.id);
    expect(
      events.filter(e =>
        /Starting it again \(Azure has failed it/.test(e.message),
      ),
    ).toHaveLength(shipped.maxAttempts - 1);
    expect(events.filter(e => e.level === 'error')).toHaveLength(1);
    // eslint-disable-next-line no-console
    console.log(
      `An operation failing every time: Failed after ${
        onDoomed.length
      } operations in ${seconds.toFixed(1)} s`,
    );
    await knex.destroy();
  });
});
