import request from 'supertest';
import { schedulerServiceFactory } from '@backstage/backend-defaults/scheduler';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import catalogPlugin from '@backstage/plugin-catalog-backend';
import catalogModuleCompleteClusters from '@complete-clusters/plugin-catalog-backend-module-complete-clusters';
import type { Emulator } from '@complete-clusters/azure-arm-emulator';
import {
  emulatorSettings,
  emulatorState,
  startTrustedEmulator,
  TEST_PLATFORM,
} from './__testUtils__/emulator';
import { EXAMPLES_DIR, testObjectId } from './__testUtils__/exampleTemplates';
import { completeClustersPlugin } from './plugin';

import { until } from './__testUtils__/until';

jest.setTimeout(90_000);

const asAlice = mockCredentials.user.header('user:default/alice');
const asBob = mockCredentials.user.header('user:default/bob');

describe('complete-clusters backend plugin', () => {
  let emulator: Emulator;
  let backend: Awaited<ReturnType<typeof startTestBackend>>;

  beforeAll(async () => {
    emulator = await startTrustedEmulator({ operationDurationMs: 300 });
    const settings = emulatorSettings(emulator);
    backend = await startTestBackend({
      features: [
        catalogPlugin,
        catalogModuleCompleteClusters,
        completeClustersPlugin,
        // The real scheduler, so the reconciler and the catalog provider tick as in the portal.
        schedulerServiceFactory,
        mockServices.rootConfig.factory({
          data: {
            catalog: {
              rules: [
                {
                  allow: [
                    'ClusterTemplate',
                    'Template',
                    'Location',
                    'Resource',
                    'User',
                    'Group',
                  ],
                },
              ],
              locations: [
                ...['developer', 'testing', 'production'].map(n => ({
                  type: 'file',
                  target: `${EXAMPLES_DIR}/${n}.yaml`,
                })),
                // The example organisation: the platform team's Entra group id is on its entity.
                { type: 'file', target: `${EXAMPLES_DIR}/../org.yaml` },
              ],
            },
            completeClusters: {
              azure: {
                subscriptionId: settings.subscriptionId,
                endpoint: settings.endpoint,
                credential: settings.credential,
              },
              engine: { pollIntervalMs: 50 },
              gitops: TEST_PLATFORM.gitops,
              addons: TEST_PLATFORM.addons,
              // Alice is not in the example catalog; Bob is in neither, so his requests cannot be granted.
              principals: [
                {
                  entityRef: 'user:default/alice',
                  objectId: testObjectId('user:default/alice'),
                },
              ],
              catalog: {
                schedule: {
                  frequency: { milliseconds: 500 },
                  timeout: { seconds: 30 },
                },
              },
            },
          },
        }),
      ],
    });
    // The templates are in the catalog before anyone asks for a cluster.
    await until('the developer ClusterTemplate', async () => {
      const res = await request(backend.server)
        .get('/api/catalog/entities/by-name/clustertemplate/default/developer')
        .set('Authorization', asAlice);
      return res.status === 200 ? true : undefined;
    });
    await until('the platform team', async () => {
      const res = await request(backend.server)
        .get('/api/catalog/entities/by-name/group/default/platform-team')
        .set('Authorization', asAlice);
      return res.status === 200 ? true : undefined;
    });
  });
  afterAll(async () => {
    await backend?.stop();
    await emulator?.close();
  });

  const post = (path: string, body: unknown, auth = asAlice) =>
    request(backend.server)
      .post(`/api/complete-clusters${path}`)
      .set('Authorization', auth)
      .send(body as object);

  it('builds a developer cluster from just a name, once, however often it is asked for', async () => {
    const body = {
      templateRef: 'clustertemplate:default/developer',
      templateVersion: '1.0.0',
      name: 'alice-dev',
      parameters: { name: 'alice-dev' },
    };
    const first = await post('/clusters', body);
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({
      created: true,
      cluster: {
        name: 'alice-dev',
        ownerRef: 'user:default/alice',
        environment: 'development',
      },
    });
    const again = await post('/clusters', body);
    expect(again.status).toBe(200);
    expect(again.body.created).toBe(false);

    const ready = await until('alice-dev Ready', async () => {
      const res = await request(backend.server)
        .get('/api/complete-clusters/clusters/alice-dev')
        .set('Authorization', asAlice);
      return res.body.phase === 'Ready' ? res.body : undefined;
    });
    expect(ready.azure.resourceId).toMatch(
      /^\/subscriptions\/.+\/resourceGroups\/rg-alice-dev\/providers\/Microsoft\.ContainerService\/managedClusters\/alice-dev$/,
    );
    const phases = ready.events
      .map((e: any) => e.phase)
      .filter((p: string, i: number, all: string[]) => p !== all[i - 1]);
    expect(phases).toEqual([
      'Pending',
      'ResourceGroup',
      'ManagedCluster',
      'Policies',
      'Applications',
      'Ready',
    ]);
    // The card's view: every policy and application of the template, installed.
    expect(
      ready.components.map((c: any) => [c.layer, c.name, c.state]),
    ).toEqual([
      ['policies', 'No privileged containers', 'Installed'],
      ['policies', 'Pod Security Standard baseline', 'Installed'],
      [
        'policies',
        'Complete Clusters: edit and exec (subscription 00000000-0000-0000-0000-0000000000c1)',
        'Installed',
      ],
      ['policies', 'developer-ai-models: user:default/alice', 'Installed'],
      // Owned by Alice herself: owner-members stands for her alone.
      ['policies', 'team-view: user:default/alice', 'Installed'],
      ['policies', 'kubeconfig: user:default/alice', 'Installed'],
      ['policies', 'GitOps (Flux)', 'Installed'],
      ['policies', 'Namespaces and pod security', 'Installed'],
      ['applications', 'ai-models', 'Installed'],
      ['applications', 'redis', 'Installed'],
      ['applications', 'kafka', 'Installed'],
    ]);
    expect(JSON.stringify(ready)).not.toMatch(
      /principals|operationState|poller/,
    );
    const clusters = (await emulatorState(emulator)).resources.filter(
      (r: any) => /managedclusters$/i.test(r.type),
    );
    expect(clusters.map((c: any) => c.name)).toEqual(['alice-dev']);

    // The catalog has it as Alice's kubernetes-cluster Resource, depending on its template.
    const entity = await until('the cluster Resource', async () => {
      const res = await request(backend.server)
        .get('/api/catalog/entities/by-name/resource/default/alice-dev')
        .set('Authorization', asAlice);
      return res.status === 200 &&
        res.body.metadata.annotations['complete-clusters.io/phase'] === 'Ready'
        ? res.body
        : undefined;
    });
    expect(entity.spec).toMatchObject({
      type: 'kubernetes-cluster',
      owner: 'user:default/alice',
      dependsOn: ['clustertemplate:default/developer'],
    });
    expect(
      entity.metadata.annotations['complete-clusters.io/azure-resource-id'],
    ).toBe(ready.azure.resourceId);
  });

  it("refuses a name that is someone else's, and lists each user's own clusters", async () => {
    await post('/clusters', {
      templateRef: 'clustertemplate:default/testing',
      name: 'shared-name',
    });
    const res = await post(
      '/clusters',
      { templateRef: 'clustertemplate:default/developer', name: 'shared-name' },
      asBob,
    );
    expect(res.status).toBe(409);
    expect(res.body.error.message).toBe(
      'The cluster name shared-name is already used by user:default/alice; choose another name.',
    );

    const mine = await request(backend.server)
      .get('/api/complete-clusters/clusters?owner=me')
      .set('Authorization', asBob);
    expect(mine.body.items).toEqual([]);
    const alices = await request(backend.server)
      .get('/api/complete-clusters/clusters?owner=me')
      .set('Authorization', asAlice);
    expect(alices.body.items.map((c: any) => c.name)).toEqual(
      expect.arrayContaining(['shared-name', 'alice-dev']),
    );
  });

  it.each([
    [
      {
        templateRef: 'clustertemplate:default/developer',
        name: 'bobs-cluster',
      },
      400,
      /role binding developer-ai-models, team-view: user:default\/bob has no Microsoft Entra object id/,
      asBob,
    ],
    [
      { templateRef: 'clustertemplate:default/developer', name: 'Dev_Cluster' },
      400,
      /^name: .*lowercase/,
    ],
    [
      { templateRef: 'clustertemplate:default/nope', name: 'x-cluster' },
      404,
      /There is no ClusterTemplate clustertemplate:default\/nope/,
    ],
    [
      { templateRef: 'component:default/developer', name: 'x-cluster' },
      400,
      /points at a component, not a ClusterTemplate/,
    ],
    [
      {
        templateRef: 'clustertemplate:default/developer',
        templateVersion: '0.9.0',
        name: 'x-cluster',
      },
      409,
      /now at version 1\.0\.0, but the form was made for 0\.9\.0/,
    ],
    [
      {
        templateRef: 'clustertemplate:default/production',
        name: 'x-cluster',
        parameters: { networkPolicy: 'none' },
      },
      400,
      /parameters\.networkPolicy: template production does not let consumers set networkPolicy/,
    ],
    [
      {
        templateRef: 'clustertemplate:default/developer',
        name: 'x-cluster',
        parameters: { gpuMaxNodes: 99 },
      },
      400,
      /parameters\.gpuMaxNodes/,
    ],
  ])(
    'refuses %j with %i and a message naming the field and the fix, recording nothing',
    async (body, status, message, who = asAlice) => {
      const before = (
        await request(backend.server)
          .get('/api/complete-clusters/clusters')
          .set('Authorization', asAlice)
      ).body.items.length;
      const res = await post('/clusters', body, who);
      expect(res.status).toBe(status);
      expect(res.body.error.message).toMatch(message);
      const after = (
        await request(backend.server)
          .get('/api/complete-clusters/clusters')
          .set('Authorization', asAlice)
      ).body.items.length;
      expect(after).toBe(before);
    },
  );

  it('plans the exact Azure requests of a dry run without recording or sending anything', async () => {
    // Alice's clusters from the tests before have finished building, so every write counted below would be the plan's.
    await until('no cluster building', async () => {
      const res = await request(backend.server)
        .get('/api/complete-clusters/clusters')
        .set('Authorization', asAlice);
      return res.body.items.every((c: any) =>
        ['Ready', 'Failed'].includes(c.phase),
      )
        ? true
        : undefined;
    });
    const statsBefore = (await emulatorState(emulator)).stats;
    const res = await post('/clusters/plan', {
      templateRef: 'clustertemplate:default/production',
      name: 'prod-plan',
    });
    expect(res.status).toBe(200);
    const lines = res.body.requests.map(
      (r: any) => `${r.method} ${r.path.split('?')[0]}`,
    );
    expect(lines.slice(0, 2)).toEqual([
      expect.stringMatching(
        /^PUT \/subscriptions\/[-0-9a-f]+\/resourcegroups\/rg-prod-plan$/i,
      ),
      expect.stringMatching(
        /^PUT \/subscriptions\/[-0-9a-f]+\/resourceGroups\/rg-prod-plan\/providers\/Microsoft\.ContainerService\/managedClusters\/prod-plan$/,
      ),
    ]);
    // Then every policy and application, in the order the engine installs them, as they go on the wire.
    const cluster =
      '/subscriptions/[-0-9a-f]+/resourceGroups/rg-prod-plan/providers/Microsoft.ContainerService/managedClusters/prod-plan';
    expect(lines.slice(2)).toEqual([
      expect.stringMatching(
        new RegExp(
          `^PUT ${cluster}/providers/Microsoft.Authorization/policyAssignments/cc-no-privileged-containers$`,
        ),
      ),
      expect.stringMatching(
        new RegExp(
          `^PUT ${cluster}/providers/Microsoft.Authorization/policyAssignments/cc-pod-security-restricted$`,
        ),
      ),
      ...Array(4).fill(
        expect.stringMatching(
          new RegExp(
            `^PUT ${cluster}/providers/Microsoft.Authorization/roleAssignments/[-0-9a-f]{36}$`,
          ),
        ),
      ),
      expect.stringMatching(
        new RegExp(
          `^PUT ${cluster}/providers/Microsoft.KubernetesConfiguration/extensions/flux$`,
        ),
      ),
      expect.stringMatching(
        new RegExp(
          `^PUT ${cluster}/providers/Microsoft.KubernetesConfiguration/fluxConfigurations/complete-clusters-platform$`,
        ),
      ),
      expect.stringMatching(
        new RegExp(
          `^PUT ${cluster}/providers/Microsoft.KubernetesConfiguration/fluxConfigurations/app-ai-models$`,
        ),
      ),
      expect.stringMatching(
        new RegExp(
          `^PUT ${cluster}/providers/Microsoft.KubernetesConfiguration/fluxConfigurations/app-redis$`,
        ),
      ),
      expect.stringMatching(
        new RegExp(
          `^PUT ${cluster}/providers/Microsoft.KubernetesConfiguration/fluxConfigurations/app-kafka$`,
        ),
      ),
      expect.stringMatching(new RegExp(`^GET ${cluster}$`)),
      expect.stringMatching(
        new RegExp(
          `^PUT ${cluster}/providers/Microsoft.KubernetesConfiguration/fluxConfigurations/app-monitoring$`,
        ),
      ),
    ]);
    expect(res.body.requests[1].body.properties.addonProfiles).toMatchObject({
      azurepolicy: { enabled: true },
      omsagent: { enabled: true },
    });
    const gpu = res.body.requests[1].body.properties.agentPoolProfiles.find(
      (p: any) => p.mode === 'User',
    );
    expect(gpu).toMatchObject({
      enableAutoScaling: true,
      minCount: 0,
      maxCount: 25,
    });
    expect(res.body.requests[1].path).toMatch(/api-version=\d{4}-\d{2}-\d{2}/);
    // Nothing written to Azure, by kind (a failure shows which kind was written).
    const statsAfter = (await emulatorState(emulator)).stats;
    expect(statsAfter.writesByKind).toEqual(statsBefore.writesByKind);
    expect(statsAfter.writes).toBe(statsBefore.writes);
    expect(
      (await emulatorState(emulator)).resources.filter((r: any) =>
        /prod-plan/.test(r.id),
      ),
    ).toEqual([]);
    const listed = await request(backend.server)
      .get('/api/complete-clusters/clusters/prod-plan')
      .set('Authorization', asAlice);
    expect(listed.status).toBe(404);
  });

  it('tells a user plainly that there is no such cluster', async () => {
    const missing = await request(backend.server)
      .get('/api/complete-clusters/clusters/never-asked')
      .set('Authorization', asBob);
    expect(missing.status).toBe(404);
    expect(missing.body.error.message).toBe(
      'There is no cluster named never-asked.',
    );
  });
});
