import path from 'path';
import request from 'supertest';
import {
  coreServices,
  createBackendPlugin,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
  TestDatabases,
} from '@backstage/backend-test-utils';
import catalogPlugin from '@backstage/plugin-catalog-backend';
import scaffolderEntityModel from '@backstage/plugin-catalog-backend-module-scaffolder-entity-model';
import type { Cluster } from '@complete-clusters/plugin-complete-clusters-common';
import { EXAMPLES_DIR } from './__testUtils__/exampleTemplates';
import { aCluster } from './provider/__testUtils__/clusters';
import { catalogModuleCompleteClusters } from './module';

jest.setTimeout(60_000);

const auth = mockCredentials.user.header();
const TASK_ID = 'complete-clusters:refresh';

async function until<T>(
  what: string,
  probe: () => Promise<T | undefined>,
  timeoutMs = 30_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (e) {
      last = e;
    }
    if (Date.now() > deadline)
      throw new Error(
        `Timed out waiting for ${what}${last ? ` (last error: ${last})` : ''}`,
      );
    await new Promise(r => setTimeout(r, 250));
  }
}

/**
 * Stands in for the complete-clusters backend: its GET /clusters over real
 * HTTP, behind real discovery and service-to-service auth, serving `clusters`.
 */
interface FakeBackendState {
  /** What GET /clusters lists. */
  clusters: unknown[];
  /** An HTTP status to fail with instead. */
  failWith?: number;
  /** Subjects of the service tokens it was called with. */
  callers: string[];
}

function fakeCompleteClustersBackend(state: FakeBackendState) {
  return createBackendPlugin({
    pluginId: 'complete-clusters',
    register(env) {
      env.registerInit({
        deps: {
          http: coreServices.httpRouter,
          httpAuth: coreServices.httpAuth,
        },
        async init({ http, httpAuth }) {
          http.use(async (req, res, next) => {
            if (req.method !== 'GET' || req.path !== '/clusters') return next();
            try {
              const credentials = await httpAuth.credentials(req, {
                allow: ['service'],
              });
              state.callers.push(credentials.principal.subject);
            } catch (e) {
              return next(e);
            }
            if (state.failWith)
              return res.status(state.failWith).json({
                error: { name: 'Error', message: 'store unavailable' },
              });
            // As the real backend: changedSince lists the clusters changed since, deleted ones included.
            const since = req.query.changedSince;
            return res.json({
              items: (state.clusters as Cluster[]).filter(c =>
                typeof since === 'string'
                  ? Date.parse(c.updatedAt) >= Date.parse(since)
                  : c.phase !== 'Deleted',
              ),
            });
          });
        },
      });
    },
  });
}

describe('catalog with the complete-clusters module and backend', () => {
  const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });

  async function start(
    databaseId: Parameters<typeof databases.init>[0],
    state: FakeBackendState,
  ) {
    const knex = await databases.init(databaseId);
    // A scheduler that runs the provider when the test says, in place of every few seconds.
    const scheduler = mockServices.scheduler();
    const schedulerFactory = createServiceFactory({
      service: coreServices.scheduler,
      deps: {},
      factory: () => scheduler,
    });
    const backend = await startTestBackend({
      features: [
        catalogPlugin,
        scaffolderEntityModel,
        catalogModuleCompleteClusters,
        fakeCompleteClustersBackend(state),
        schedulerFactory,
        mockServices.database.factory({ knex }),
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
                  ],
                },
              ],
              locations: ['developer', 'testing', 'production'].map(n => ({
                type: 'file',
                target: path.join(EXAMPLES_DIR, `${n}.yaml`),
              })),
            },
            // Read by the module at startup (a malformed schedule would fail it); runs are triggered below.
            completeClusters: {
              catalog: {
                schedule: {
                  frequency: { seconds: 1 },
                  timeout: { seconds: 30 },
                },
              },
            },
          },
        }),
      ],
    });
    /** One run of the provider, as the schedule would make it. */
    const sync = () =>
      until('the provider task to be scheduled', async () =>
        scheduler.triggerTask(TASK_ID).then(() => true),
      );
    return { backend, server: backend.server, sync };
  }

  async function getResource(
    server: any,
    name: string,
  ): Promise<any | undefined> {
    const res = await request(server)
      .get(`/api/catalog/entities/by-name/resource/default/${name}`)
      .set('Authorization', auth);
    return res.status === 200 ? res.body : undefined;
  }

  it.each(databases.eachSupportedId())(
    'publishes each cluster as a Resource owned by its owner, depending on its ClusterTemplate, following its phase, on %s',
    async databaseId => {
      const state: FakeBackendState = {
        clusters: [
          aCluster(
            { name: 'dev-ai-1', phase: 'ManagedCluster' },
            { fqdn: undefined },
          ),
          aCluster({ name: 'Not Valid' }),
        ],
        callers: [],
      };
      const { backend, server, sync } = await start(databaseId, state);
      try {
        await sync();
        const resource = await until(
          'the cluster Resource with its relations',
          async () => {
            const entity = await getResource(server, 'dev-ai-1');
            return entity?.relations?.length >= 2 ? entity : undefined;
          },
        );
        expect(state.callers).toContain('plugin:catalog');
        expect(resource.spec).toEqual({
          type: 'kubernetes-cluster',
          owner: 'user:default/jane',
          dependsOn: ['clustertemplate:default/developer'],
        });
        expect(resource.relations).toEqual(
          expect.arrayContaining([
            { type: 'ownedBy', targetRef: 'user:default/jane' },
            {
              type: 'dependsOn',
              targetRef: 'clustertemplate:default/developer',
            },
          ]),
        );
        expect(resource.metadata.annotations).toMatchObject({
          'complete-clusters.io/phase': 'ManagedCluster',
          'complete-clusters.io/cluster-template':
            'clustertemplate:default/developer',
        });
        expect(
          Object.keys(resource.metadata.annotations).filter(k =>
            k.startsWith('kubernetes.io/'),
          ),
        ).toEqual([]);
        expect(await getResource(server, 'Not Valid')).toBeUndefined();

        // The ClusterTemplate sees the cluster made from it.
        await until(
          'the dependencyOf relation on the ClusterTemplate',
          async () => {
            const res = await request(server)
              .get(
                '/api/catalog/entities/by-name/clustertemplate/default/developer',
              )
              .set('Authorization', auth);
            return res.body?.relations?.some(
              (r: any) =>
                r.type === 'dependencyOf' &&
                r.targetRef === 'resource:default/dev-ai-1',
            )
              ? true
              : undefined;
          },
        );

        // Azure has finished: the phase and the Kubernetes annotations follow.
        state.clusters = [
          aCluster({
            name: 'dev-ai-1',
            phase: 'Ready',
            updatedAt: '2025-01-01T00:20:00.000Z',
          }),
        ];
        await sync();
        const ready = await until('the Ready phase', async () => {
          const entity = await getResource(server, 'dev-ai-1');
          return entity?.metadata.annotations['complete-clusters.io/phase'] ===
            'Ready'
            ? entity
            : undefined;
        });
        expect(ready.metadata.annotations['kubernetes.io/api-server']).toBe(
          'https://dev-ai-1-1a2b3c4d.hcp.southeastasia.azmk8s.io',
        );

        // The Kubernetes plugin's catalog cluster locator finds it with the filter it uses.
        const located = await request(server)
          .get('/api/catalog/entities')
          .query({
            filter:
              'kind=resource,spec.type=kubernetes-cluster,metadata.annotations.kubernetes.io/api-server,' +
              'metadata.annotations.kubernetes.io/api-server-certificate-authority,metadata.annotations.kubernetes.io/auth-provider',
          })
          .set('Authorization', auth);
        expect(located.body.map((e: any) => e.metadata.name)).toEqual([
          'dev-ai-1',
        ]);

        // The backend failing changes nothing in the catalog.
        state.failWith = 503;
        await sync();
        expect(
          (await getResource(server, 'dev-ai-1'))?.metadata.annotations[
            'complete-clusters.io/phase'
          ],
        ).toBe('Ready');

        // A deleted cluster leaves the catalog.
        delete state.failWith;
        state.clusters = [
          aCluster({
            name: 'dev-ai-1',
            phase: 'Deleted',
            updatedAt: '2025-01-01T00:30:00.000Z',
          }),
        ];
        await sync();
        await until('the Resource to be removed', async () =>
          (await getResource(server, 'dev-ai-1')) ? undefined : true,
        );
      } finally {
        await backend.stop();
      }
    },
  );
});
