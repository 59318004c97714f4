import { mockServices, TestDatabases } from '@backstage/backend-test-utils';
import type { Emulator } from '@complete-clusters/azure-arm-emulator';
import { DatabaseClusterStore } from '../database/DatabaseClusterStore';
import type { ClusterStore } from '../database/types';
import {
  azureClientsBySubscription,
  createAzureClients,
} from '../azure/createAzureClients';
import type { PlatformSettings } from '../config/readCompleteClustersConfig';
import {
  emulatorSettings,
  emulatorState,
  startTrustedEmulator,
  TEST_PLATFORM,
} from '../__testUtils__/emulator';
import {
  exampleRequest,
  testObjectId,
} from '../__testUtils__/exampleTemplates';
import { BUILT_IN_POLICIES, BUILT_IN_ROLES } from '../plan/builtIns';
import { Reconciler } from './Reconciler';

jest.setTimeout(180_000);

const CLUSTER_RP = 'Microsoft.ContainerService';
const BROKEN_GIT = 'https://git.example.com/team/broken-app.git';

async function collect<T>(pages: AsyncIterable<T>): Promise<T[]> {
  const items: T[] = [];
  for await (const item of pages) items.push(item);
  return items;
}

describe('complete clusters: applications and policies installed through Azure', () => {
  const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });
  let emulator: Emulator;

  beforeAll(async () => {
    emulator = await startTrustedEmulator({ operationDurationMs: 150 });
  });
  afterAll(() => emulator?.close());
  beforeEach(async () => {
    await fetch(`${emulator.url}/_emulator/reset`, { method: 'POST' });
    await configure({ operationDurationMs: 150, gitFailures: null });
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
    platform: PlatformSettings = TEST_PLATFORM,
  ) {
    return new Reconciler({
      store,
      clientsFor: azureClientsBySubscription(emulatorSettings(emulator)),
      settings: {
        pollIntervalMs: 30,
        leaseMs: 60_000,
        concurrency: 10,
        maxAttempts: 6,
      },
      platform,
      logger: mockServices.logger.mock(),
      workerId: 'w1',
    });
  }

  async function settle(engine: Reconciler, store: ClusterStore, name: string) {
    for (let i = 0; i < 3000; i++) {
      await engine.wake();
      const cluster = (await store.getCluster(name))!;
      if (cluster.phase === 'Ready' || cluster.phase === 'Failed')
        return cluster;
      await new Promise(r => setTimeout(r, 10));
    }
    throw new Error(`${name} did not settle`);
  }

  describe.each(databases.eachSupportedId())('on %s', databaseId => {
    it('ends a production cluster Ready with every application and policy the template declares, as Azure reports them', async () => {
      const store = await createStore(databaseId);
      const request = exampleRequest(
        'production',
        emulatorSettings(emulator),
        'prod-1',
        { requester: 'user:default/alice' },
      );
      await store.requestCluster(request);
      const ready = await settle(reconciler(store), store, 'prod-1');
      expect(ready).toMatchObject({
        phase: 'Ready',
        statusMessage:
          'Cluster prod-1 is Ready with ai-models 1.4.2, redis 21.2.5, kafka 0.47.0, logging aks-managed, monitoring 77.0.0',
      });

      // Read back through ARM with the official SDK, as anyone auditing the subscription would.
      const azure = createAzureClients(emulatorSettings(emulator));
      const rg = request.azure.resourceGroup;
      const clusterId = request.azure.resourceId;
      const aks = await azure.containerService.managedClusters.get(
        rg,
        'prod-1',
      );
      expect(aks.agentPoolProfiles!.find(p => p.name === 'gpu')).toMatchObject({
        mode: 'User',
        vmSize: 'Standard_NC24ads_A100_v4',
        enableAutoScaling: true,
        minCount: 0,
        maxCount: 25,
      });
      expect(aks.networkProfile).toMatchObject({ networkPolicy: 'azure' });
      expect(aks.addonProfiles?.azurepolicy).toMatchObject({ enabled: true });
      expect(aks.addonProfiles?.omsagent).toMatchObject({
        enabled: true,
        config: {
          logAnalyticsWorkspaceResourceID:
            TEST_PLATFORM.addons.logAnalyticsWorkspaceResourceId,
        },
      });

      const extensions = await collect(
        azure.kubernetesConfiguration.extensions.list(
          rg,
          CLUSTER_RP,
          'managedClusters',
          'prod-1',
        ),
      );
      expect(
        extensions.map(e => [e.name, e.extensionType, e.provisioningState]),
      ).toEqual([['flux', 'microsoft.flux', 'Succeeded']]);

      const configs = await collect(
        azure.kubernetesConfiguration.fluxConfigurations.list(
          rg,
          CLUSTER_RP,
          'managedClusters',
          'prod-1',
        ),
      );
      expect(
        configs
          .map(c => [c.name, c.provisioningState, c.complianceState])
          .sort(),
      ).toEqual([
        ['app-ai-models', 'Succeeded', 'Compliant'],
        ['app-kafka', 'Succeeded', 'Compliant'],
        ['app-monitoring', 'Succeeded', 'Compliant'],
        ['app-redis', 'Succeeded', 'Compliant'],
        ['complete-clusters-platform', 'Succeeded', 'Compliant'],
      ]);
      const monitoring = configs.find(c => c.name === 'app-monitoring')!;
      expect(
        monitoring.kustomizations!.app!.postBuild!.substitute,
      ).toMatchObject({
        chart_repository: 'https://prometheus-community.github.io/helm-charts',
        chart_name: 'kube-prometheus-stack',
        chart_version: '77.0.0',
        target_namespace: 'monitoring',
      });
      // Default-deny networking, delivered by the platform's own Flux configuration, in every namespace.
      const platform = configs.find(
        c => c.name === 'complete-clusters-platform',
      )!;
      expect(Object.values(platform.kustomizations!).map(k => k!.path)).toEqual(
        Array(4).fill('./gitops/platform/namespace-deny-by-default'),
      );

      const policies = await collect(
        azure.policy.policyAssignments.listForResource(
          rg,
          CLUSTER_RP,
          '',
          'managedClusters',
          'prod-1',
        ),
      );
      const atCluster = policies.filter(
        p => p.scope?.toLowerCase() === clusterId.toLowerCase(),
      );
      expect(
        atCluster
          .map(p => [p.policyDefinitionId, p.parameters?.effect?.value])
          .sort(),
      ).toEqual(
        [
          [BUILT_IN_POLICIES.noPrivilegedContainers, 'Deny'],
          [BUILT_IN_POLICIES.podSecurityRestricted, 'Deny'],
        ].sort(),
      );

      const grants = (
        await collect(
          azure.authorization.roleAssignments.listForScope(clusterId),
        )
      )
        .filter(a => a.scope?.toLowerCase() === clusterId.toLowerCase())
        .map(a => [
          a.roleDefinitionId!.split('/').pop(),
          a.principalId,
          a.principalType,
        ])
        .sort();
      const alice = testObjectId('user:default/alice');
      const team = testObjectId('group:default/platform-team');
      expect(grants).toEqual(
        [
          [BUILT_IN_ROLES.aksRbacReader, alice, 'User'],
          [BUILT_IN_ROLES.aksClusterUser, alice, 'User'],
          [BUILT_IN_ROLES.aksRbacClusterAdmin, team, 'Group'],
          [BUILT_IN_ROLES.aksClusterUser, team, 'Group'],
        ].sort(),
      );

      // Every component is recorded Installed, policies first.
      const components = await store.listComponents(ready.id);
      expect(components.every(c => c.state === 'Installed')).toBe(true);
      const events = await store.listEvents(ready.id);
      const phases = events
        .map(e => e.phase)
        .filter((p, i, all) => p !== all[i - 1]);
      expect(phases).toEqual([
        'ResourceGroup',
        'ManagedCluster',
        'Policies',
        'Applications',
        'Ready',
      ]);
    });

    it('grants a developer cluster requester edit and exec on the AI model namespace only, and view on the whole cluster as its owner', async () => {
      const store = await createStore(databaseId);
      const request = exampleRequest(
        'developer',
        emulatorSettings(emulator),
        'dev-1',
        { requester: 'user:default/alice' },
      );
      await store.requestCluster(request);
      expect((await settle(reconciler(store), store, 'dev-1')).phase).toBe(
        'Ready',
      );

      const azure = createAzureClients(emulatorSettings(emulator));
      const alice = testObjectId('user:default/alice');
      const clusterId = request.azure.resourceId;
      const mine = (
        await collect(
          azure.authorization.roleAssignments.listForSubscription({
            filter: `principalId eq '${alice}'`,
          }),
        )
      ).map(a => ({ scope: a.scope!, role: a.roleDefinitionId! }));
      const onNamespace = mine.filter(
        a =>
          a.scope.toLowerCase() ===
          `${clusterId}/namespaces/ai-models`.toLowerCase(),
      );
      expect(onNamespace).toHaveLength(1);
      // On the cluster: team-view (owner-members, Alice alone as she owns it) and the kubeconfig role.
      expect(
        mine
          .filter(a => a.scope.toLowerCase() === clusterId.toLowerCase())
          .map(a => a.role.split('/').pop())
          .sort(),
      ).toEqual(
        [BUILT_IN_ROLES.aksRbacReader, BUILT_IN_ROLES.aksClusterUser].sort(),
      );
      expect(mine).toHaveLength(3);

      const role = await azure.authorization.roleDefinitions.get(
        `/subscriptions/${request.azure.subscriptionId}`,
        onNamespace[0].role.split('/').pop()!,
      );
      expect(role).toMatchObject({
        roleName:
          'Complete Clusters: edit and exec (subscription 00000000-0000-0000-0000-0000000000c1)',
        roleType: 'CustomRole',
      });
      const dataActions = role.permissions![0].dataActions!;
      expect(dataActions).toContain(
        'Microsoft.ContainerService/managedClusters/pods/exec/action',
      );
      expect(dataActions).toContain(
        'Microsoft.ContainerService/managedClusters/apps/deployments/*',
      );
      expect(dataActions.some(a => /secrets/.test(a))).toBe(false);
    });

    it('fails naming the application and why, and a retry resumes there without redoing the policies', async () => {
      const store = await createStore(databaseId);
      const request = exampleRequest(
        'developer',
        emulatorSettings(emulator),
        'dev-broken',
        {
          requester: 'user:default/alice',
          edit: spec => {
            spec.applications.push({
              name: 'team-app',
              source: { type: 'git', url: BROKEN_GIT, path: 'deploy' },
              version: 'v2.0.1',
              namespace: 'team-app',
            });
          },
        },
      );
      await store.requestCluster(request);
      await configure({
        gitFailures: {
          [BROKEN_GIT]: `failed to checkout and determine revision: unable to clone '${BROKEN_GIT}': authentication required`,
        },
      });
      const engine = reconciler(store, {
        ...TEST_PLATFORM,
        applicationTimeoutMs: 300,
      });
      const failed = await settle(engine, store, 'dev-broken');
      expect(failed.phase).toBe('Failed');
      expect(failed.failedPhase).toBe('Applications');
      expect(failed.statusMessage).toMatch(
        /^Flux could not finish installing application team-app v2\.0\.1: Flux reports Non-Compliant: .*unable to clone 'https:\/\/git\.example\.com\/team\/broken-app\.git': authentication required/,
      );
      const components = Object.fromEntries(
        (await store.listComponents(failed.id)).map(c => [c.key, c.state]),
      );
      expect(components['application:team-app']).toBe('Failed');
      expect(components['application:redis']).toBe('Installed');
      expect(components['policy:no-privileged-containers']).toBe('Installed');

      const writes = async () =>
        (await emulatorState(emulator)).stats.writesByKind;
      const before = await writes();
      await configure({ gitFailures: null });
      expect(await store.retryCluster(failed.id)).toBe(true);
      expect((await store.getCluster('dev-broken'))!.phase).toBe(
        'Applications',
      );
      const ready = await settle(engine, store, 'dev-broken');
      expect(ready.phase).toBe('Ready');
      const after = await writes();
      // Only the failed application was written again: no policy, role or cluster write.
      expect(after.policyAssignment.PUT).toBe(before.policyAssignment.PUT);
      expect(after.roleAssignment.PUT).toBe(before.roleAssignment.PUT);
      expect(after.managedCluster.PUT).toBe(before.managedCluster.PUT);
      expect(after.fluxConfiguration.PUT - before.fluxConfiguration.PUT).toBe(
        1,
      );
    });

    it('after a crash between Azure accepting a Flux configuration and the engine saving that, follows the running operation instead of starting another', async () => {
      const store = await createStore(databaseId);
      const request = exampleRequest(
        'developer',
        emulatorSettings(emulator),
        'dev-crash',
        { requester: 'user:default/alice' },
      );
      await store.requestCluster(request);
      await configure({ operationDurationByType: { fluxConfiguration: 1000 } });
      // The engine dies right after Azure answered the first application's PUT.
      let killed = false;
      const crashing: ClusterStore = Object.create(store);
      crashing.updateCluster = async (id, patch, event) => {
        if (
          JSON.stringify(patch.operationState ?? {}).includes(
            'application:ai-models',
          )
        )
          killed = true;
        if (killed) throw new Error('killed');
        return store.updateCluster(id, patch, event);
      };
      crashing.leasedBy = () => crashing;
      crashing.setComponent = async (...args) => {
        if (killed) throw new Error('killed');
        return store.setComponent(...args);
      };
      const dying = reconciler(crashing);
      for (let i = 0; i < 3000 && !killed; i++) {
        await dying.wake().catch(() => undefined);
        await new Promise(r => setTimeout(r, 5));
      }
      await dying.stop();
      expect(killed).toBe(true);
      await store.releaseLease((await store.getCluster('dev-crash'))!.id, 'w1');

      const ready = await settle(reconciler(store), store, 'dev-crash');
      expect(ready.phase).toBe('Ready');
      expect((await store.listEvents(ready.id)).map(e => e.message)).toContain(
        'Azure is still working on application ai-models 1.4.2 from an earlier attempt; waiting for that operation',
      );
      const state = await emulatorState(emulator);
      const aiModelOps = state.operations.filter(
        (o: any) =>
          o.kind === 'fluxConfiguration' &&
          o.resourceIds.some((id: string) => id.endsWith('/app-ai-models')),
      );
      expect(aiModelOps).toHaveLength(1);
      await configure({ operationDurationByType: { fluxConfiguration: null } });
    });
  });
});
