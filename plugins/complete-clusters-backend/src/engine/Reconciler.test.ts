import net from 'net';
import { mockServices, TestDatabases } from '@backstage/backend-test-utils';
import type { Emulator } from '@complete-clusters/azure-arm-emulator';
import { DatabaseClusterStore } from '../database/DatabaseClusterStore';
import type { ClusterStore } from '../database/types';
import { azureClientsBySubscription } from '../azure/createAzureClients';
import {
  emulatorSettings,
  emulatorState,
  startTrustedEmulator,
  TEST_PLATFORM,
} from '../__testUtils__/emulator';
import { developerRequest } from '../__testUtils__/exampleTemplates';
import { Reconciler } from './Reconciler';
import type { EngineSettings } from '../config/readCompleteClustersConfig';

jest.setTimeout(120_000);

const settings: EngineSettings = {
  pollIntervalMs: 30,
  leaseMs: 60_000,
  concurrency: 10,
  maxAttempts: 8,
};

/** Runs passes until every listed cluster rests (Ready or Failed), as the scheduler would. */
async function runUntilSettled(
  reconciler: Reconciler,
  store: ClusterStore,
  names: string[],
  maxPasses = 2000,
) {
  for (let i = 0; i < maxPasses; i++) {
    await reconciler.wake();
    const clusters = await Promise.all(names.map(n => store.getCluster(n)));
    if (clusters.every(c => c && (c.phase === 'Ready' || c.phase === 'Failed')))
      return clusters.map(c => c!);
    await new Promise(r => setTimeout(r, 10));
  }
  throw new Error(`clusters ${names.join(', ')} did not settle`);
}

function managedClusters(state: any) {
  return state.resources.filter(
    (r: any) =>
      r.type.toLowerCase() === 'microsoft.containerservice/managedclusters',
  );
}

describe('Reconciler against the Azure emulator', () => {
  const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });
  let emulator: Emulator;

  beforeAll(async () => {
    emulator = await startTrustedEmulator({ operationDurationMs: 200 });
  });
  afterAll(() => emulator?.close());
  beforeEach(async () => {
    await fetch(`${emulator.url}/_emulator/reset`, { method: 'POST' });
    await configure({ operationDurationMs: 200 });
  });

  async function configure(patch: object) {
    await fetch(`${emulator.url}/_emulator/config`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(patch),
    });
  }

  async function createStore(databaseId: Parameters<typeof databases.init>[0]) {
    const knex = await databases.init(databaseId);
    return DatabaseClusterStore.create({
      database: mockServices.database({ knex }),
    });
  }

  function reconciler(
    store: ClusterStore,
    workerId: string,
    overrides: Partial<EngineSettings> = {},
  ) {
    return new Reconciler({
      store,
      clientsFor: azureClientsBySubscription(emulatorSettings(emulator)),
      settings: { ...settings, ...overrides },
      platform: TEST_PLATFORM,
      logger: mockServices.logger.mock(),
      workerId,
    });
  }

  describe.each(databases.eachSupportedId())('on %s', databaseId => {
    it('builds a developer cluster phase by phase as the template says', async () => {
      const store = await createStore(databaseId);
      const { cluster } = await store.requestCluster(
        developerRequest(emulatorSettings(emulator), 'dev-ai-1', {
          answers: { gpuMaxNodes: 2 },
        }),
      );
      const [ready] = await runUntilSettled(reconciler(store, 'w1'), store, [
        'dev-ai-1',
      ]);

      expect(ready).toMatchObject({
        phase: 'Ready',
        azure: { fqdn: expect.stringMatching(/^dev-ai-1-.*azmk8s\.io$/) },
      });
      const phases = (await store.listEvents(cluster.id))
        .map(e => e.phase)
        .filter((p, i, all) => p !== all[i - 1]);
      expect(phases).toEqual([
        'ResourceGroup',
        'ManagedCluster',
        'Policies',
        'Applications',
        'Ready',
      ]);

      const state = await emulatorState(emulator);
      const [aks] = managedClusters(state);
      expect(aks.id.toLowerCase()).toBe(cluster.azure.resourceId.toLowerCase()); // ARM ids are case-insensitive; AKS answers resourcegroups
      expect(aks.location).toBe('southeastasia');
      expect(aks.tags).toEqual({
        'complete-clusters-template': 'developer',
        'complete-clusters-template-version': '1.0.0',
        'complete-clusters-owner': 'user:development/guest',
        'complete-clusters-environment': 'development',
      });
      expect(aks.properties).toMatchObject({
        provisioningState: 'Succeeded',
        kubernetesVersion: '1.33',
        disableLocalAccounts: true,
        aadProfile: { managed: true, enableAzureRBAC: true },
        networkProfile: { networkPlugin: 'azure', networkPolicy: 'azure' },
      });
      const pools = Object.fromEntries(
        aks.properties.agentPoolProfiles.map((p: any) => [p.name, p]),
      );
      expect(pools.system).toMatchObject({
        mode: 'System',
        vmSize: 'Standard_D4ds_v5',
        count: 2,
      });
      expect(pools.gpu).toMatchObject({
        mode: 'User',
        vmSize: 'Standard_NC24ads_A100_v4',
        enableAutoScaling: true,
        minCount: 0,
        maxCount: 2,
        nodeLabels: { workload: 'ai-training', accelerator: 'nvidia-a100' },
        nodeTaints: ['nvidia.com/gpu=present:NoSchedule'],
      });
    });

    it('resumes a saved Azure operation on another replica after a crash, and makes no second cluster', async () => {
      const store = await createStore(databaseId);
      await store.requestCluster(
        developerRequest(emulatorSettings(emulator), 'crash-after-save'),
      );
      // The first replica gets as far as saving Azure's operation, then dies holding its lease.
      const dying = reconciler(store, 'dies', {
        leaseMs: 300,
        pollIntervalMs: 300,
      });
      for (let i = 0; i < 50; i++) {
        await dying.wake();
        if ((await store.getCluster('crash-after-save'))?.operationState) break;
      }
      const saved = (await store.getCluster('crash-after-save'))!;
      expect(saved).toMatchObject({
        phase: 'ManagedCluster',
        operationState: { kind: 'poller', poller: expect.any(String) },
      });
      await dying.stop();
      const leaseHeld = await store.claimWork('other', 300);
      expect(leaseHeld).toBeUndefined();

      const [ready] = await runUntilSettled(
        reconciler(store, 'restarted'),
        store,
        ['crash-after-save'],
      );
      expect(ready.phase).toBe('Ready');
      const state = await emulatorState(emulator);
      expect(managedClusters(state)).toHaveLength(1);
      expect(
        state.operations.filter((o: any) => o.kind === 'managedCluster'),
      ).toHaveLength(1);
    });

    it('after a crash between Azure accepting the cluster and the engine saving that, waits for the running operation instead of starting another', async () => {
      const store = await createStore(databaseId);
      await store.requestCluster(
        developerRequest(emulatorSettings(emulator), 'crash-before-save'),
      );
      await configure({ operationDurationMs: 1500 }); // still running when the next replica looks
      // This replica dies right after Azure answered the PUT: the operation is never saved, the lease never released.
      let killed = false;
      const crashing: ClusterStore = Object.create(store);
      crashing.updateCluster = async (id, patch, event) => {
        if (patch.operationState) killed = true;
        if (killed) throw new Error('killed');
        return store.updateCluster(id, patch, event);
      };
      crashing.leasedBy = () => crashing;
      crashing.releaseLease = async (...args) =>
        killed ? undefined : store.releaseLease(...args);
      const dying = reconciler(crashing, 'dies', { leaseMs: 300 });
      for (let i = 0; i < 100 && !killed; i++) await dying.wake();
      await dying.stop();
      expect(killed).toBe(true);
      expect(managedClusters(await emulatorState(emulator))).toHaveLength(1);
      expect(
        (await store.getCluster('crash-before-save'))!.operationState,
      ).toBeUndefined();

      await new Promise(r => setTimeout(r, 350));
      const [ready] = await runUntilSettled(
        reconciler(store, 'restarted'),
        store,
        ['crash-before-save'],
      );
      expect(ready.phase).toBe('Ready');
      expect((await store.listEvents(ready.id)).map(e => e.message)).toContain(
        'Azure is still working on crash-before-save; waiting for that operation to finish',
      );
      const state = await emulatorState(emulator);
      expect(managedClusters(state)).toHaveLength(1);
      expect(
        state.operations.filter((o: any) => o.kind === 'managedCluster'),
      ).toHaveLength(1);
    });

    it('abandons an Azure call that never answers after the request timeout, and fails the cluster with the reason once attempts run out', async () => {
      const store = await createStore(databaseId);
      await store.requestCluster(
        developerRequest(emulatorSettings(emulator), 'silent-azure'),
      );
      // Accepts connections and never says a word: not even the TLS handshake completes.
      const sockets = new Set<net.Socket>();
      const silent = net.createServer(socket => void sockets.add(socket));
      await new Promise<void>(r => silent.listen(0, '127.0.0.1', r));
      const url = `https://127.0.0.1:${
        (silent.address() as net.AddressInfo).port
      }`;
      try {
        const engine = new Reconciler({
          store,
          clientsFor: azureClientsBySubscription(emulatorSettings({ url })),
          settings: { ...settings, requestTimeoutMs: 300, maxAttempts: 2 },
          platform: TEST_PLATFORM,
          logger: mockServices.logger.mock(),
          workerId: 'patient',
        });
        const [failed] = await runUntilSettled(
          engine,
          store,
          ['silent-azure'],
          200,
        );
        expect(failed).toMatchObject({
          phase: 'Failed',
          failedPhase: 'ResourceGroup',
        });
        expect(failed.statusMessage).toBe(
          'Azure did not answer in time while creating resource group rg-silent-azure; the engine asks again. Gave up after 2 attempts.',
        );
        expect(sockets.size).toBeGreaterThanOrEqual(2);
      } finally {
        sockets.forEach(s => s.destroy());
        silent.close();
      }
    });

    // Faults at the shipped defaults: faults.test.ts.

    it('lets two replicas share the work without ever working on the same cluster', async () => {
      const store = await createStore(databaseId);
      const names = ['shared-1', 'shared-2', 'shared-3', 'shared-4'];
      for (const name of names)
        await store.requestCluster(
          developerRequest(emulatorSettings(emulator), name),
        );
      const a = reconciler(store, 'replica-a', { concurrency: 2 });
      const b = reconciler(store, 'replica-b', { concurrency: 2 });
      for (let i = 0; i < 2000; i++) {
        await Promise.all([a.wake(), b.wake()]);
        const all = await Promise.all(names.map(n => store.getCluster(n)));
        if (all.every(c => c!.phase === 'Ready')) break;
        await new Promise(r => setTimeout(r, 10));
      }
      const state = await emulatorState(emulator);
      expect(managedClusters(state)).toHaveLength(4);
      // One managed-cluster operation per cluster: no replica sent a second create for a cluster the other had.
      expect(
        state.operations.filter((o: any) => o.kind === 'managedCluster'),
      ).toHaveLength(4);
      expect(
        (await Promise.all(names.map(n => store.getCluster(n)))).map(
          c => c!.phase,
        ),
      ).toEqual(names.map(() => 'Ready'));
    });
  });
});
