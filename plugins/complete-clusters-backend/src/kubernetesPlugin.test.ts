import request from 'supertest';
import { schedulerServiceFactory } from '@backstage/backend-defaults/scheduler';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import catalogPlugin from '@backstage/plugin-catalog-backend';
import kubernetesPlugin from '@backstage/plugin-kubernetes-backend';
import catalogModuleCompleteClusters from '@complete-clusters/plugin-catalog-backend-module-complete-clusters';
import type { Emulator } from '@complete-clusters/azure-arm-emulator';
import { X509Certificate } from 'node:crypto';
import { createAzureClients } from './azure/createAzureClients';
import {
  emulatorSettings,
  startTrustedEmulator,
  TEST_PLATFORM,
} from './__testUtils__/emulator';
import { EXAMPLES_DIR, testObjectId } from './__testUtils__/exampleTemplates';
import { until } from './__testUtils__/until';
import { completeClustersPlugin } from './plugin';

jest.setTimeout(120_000);

const asAlice = mockCredentials.user.header('user:default/alice');

/** What Azure lists as the cluster's CA (PEM), read through the official SDK as any client would. */
async function azureCa(
  emulator: Emulator,
  resourceGroup: string,
  name: string,
): Promise<string> {
  const azure = createAzureClients(emulatorSettings(emulator));
  const result =
    await azure.containerService.managedClusters.listClusterUserCredentials(
      resourceGroup,
      name,
    );
  const kubeconfig = Buffer.from(result.kubeconfigs![0].value!).toString(
    'utf8',
  );
  return Buffer.from(
    /certificate-authority-data: (\S+)/.exec(kubeconfig)![1],
    'base64',
  ).toString('utf8');
}

describe("the Kubernetes plugin finds each Ready cluster through the catalog, with the cluster's own CA", () => {
  let emulator: Emulator;
  let backend: Awaited<ReturnType<typeof startTestBackend>>;

  beforeAll(async () => {
    emulator = await startTrustedEmulator({ operationDurationMs: 200 });
    const settings = emulatorSettings(emulator);
    backend = await startTestBackend({
      features: [
        catalogPlugin,
        catalogModuleCompleteClusters,
        completeClustersPlugin,
        kubernetesPlugin,
        schedulerServiceFactory,
        mockServices.rootConfig.factory({
          data: {
            catalog: {
              processingInterval: { seconds: 1 },
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
            // As app-config.yaml has it. The emulator's API server names (*.azmk8s.io) resolve
            // nowhere on a test machine, so the locator's check that a name resolves to a public
            // address is waived for them, as a quick start against the emulator must.
            kubernetes: {
              serviceLocatorMethod: { type: 'singleTenant' },
              clusterLocatorMethods: [
                {
                  type: 'catalog',
                  dangerouslyAllowClusterUrls: ['*.azmk8s.io'],
                },
              ],
            },
          },
        }),
      ],
    });
    await until('the developer ClusterTemplate', async () => {
      const res = await request(backend.server)
        .get('/api/catalog/entities/by-name/clustertemplate/default/developer')
        .set('Authorization', asAlice);
      return res.status === 200 ? true : undefined;
    });
  });
  afterAll(async () => {
    await backend?.stop();
    await emulator?.close();
  });

  async function requestReadyCluster(name: string) {
    const created = await request(backend.server)
      .post('/api/complete-clusters/clusters')
      .set('Authorization', asAlice)
      .send({
        templateRef: 'clustertemplate:default/developer',
        name,
        parameters: { name },
      });
    expect(created.status).toBe(201);
    return until(`${name} Ready`, async () => {
      const res = await request(backend.server)
        .get(`/api/complete-clusters/clusters/${name}`)
        .set('Authorization', asAlice);
      return res.body.phase === 'Ready' ? res.body : undefined;
    });
  }

  it('lists a developer cluster once it is Ready, its entity carrying the CA Azure lists for it', async () => {
    const before = await request(backend.server)
      .get('/api/kubernetes/clusters')
      .set('Authorization', asAlice);
    expect(before.status).toBe(200);
    expect(before.body.items).toEqual([]);

    const ready = await requestReadyCluster('k8s-dev');
    expect(ready.azure.fqdn).toMatch(/\.azmk8s\.io$/);
    const ca = await azureCa(emulator, ready.azure.resourceGroup, 'k8s-dev');
    expect(ready.azure.certificateAuthority).toBe(ca);

    const listed = await until(
      'k8s-dev in GET /api/kubernetes/clusters',
      async () => {
        const res = await request(backend.server)
          .get('/api/kubernetes/clusters')
          .set('Authorization', asAlice);
        return res.body.items?.find((c: any) => c.name === 'k8s-dev');
      },
    );
    // The plugin signs in to AKS with the user's own Entra ID token.
    expect(listed).toMatchObject({
      name: 'k8s-dev',
      title: 'k8s-dev',
      authProvider: 'aks',
    });

    // What the catalog cluster locator hands the plugin as the cluster's caData and URL.
    const entity = (
      await request(backend.server)
        .get('/api/catalog/entities/by-name/resource/default/k8s-dev')
        .set('Authorization', asAlice)
    ).body;
    const annotations = entity.metadata.annotations;
    expect(annotations['kubernetes.io/api-server']).toBe(
      `https://${ready.azure.fqdn}`,
    );
    const caData =
      annotations['kubernetes.io/api-server-certificate-authority'];
    expect(caData).not.toBe('');
    expect(Buffer.from(caData, 'base64').toString('utf8')).toBe(ca);
    expect(new X509Certificate(Buffer.from(caData, 'base64')).ca).toBe(true);
    // The entity page's Kubernetes tab shows this cluster's application workloads only.
    expect(annotations['backstage.io/kubernetes-cluster']).toBe('k8s-dev');
    expect(annotations['backstage.io/kubernetes-label-selector']).toBe(
      'app.kubernetes.io/instance in (ai-models,redis,kafka)',
    );
  });

  it('lists a second cluster with a CA of its own', async () => {
    const ready = await requestReadyCluster('k8s-dev-2');
    const entityCa = await until('k8s-dev-2 listed with its CA', async () => {
      const clusters = await request(backend.server)
        .get('/api/kubernetes/clusters')
        .set('Authorization', asAlice);
      if (!clusters.body.items?.some((c: any) => c.name === 'k8s-dev-2'))
        return undefined;
      const entity = await request(backend.server)
        .get('/api/catalog/entities/by-name/resource/default/k8s-dev-2')
        .set('Authorization', asAlice);
      return (
        entity.body.metadata?.annotations?.[
          'kubernetes.io/api-server-certificate-authority'
        ] || undefined
      );
    });
    const first = (
      await request(backend.server)
        .get('/api/catalog/entities/by-name/resource/default/k8s-dev')
        .set('Authorization', asAlice)
    ).body;
    expect(entityCa).not.toBe(
      first.metadata.annotations[
        'kubernetes.io/api-server-certificate-authority'
      ],
    );
    expect(Buffer.from(entityCa, 'base64').toString('utf8')).toBe(
      await azureCa(emulator, ready.azure.resourceGroup, 'k8s-dev-2'),
    );
  });
});
