import {
  mockCredentials,
  mockServices,
  TestDatabases,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { ENVIRONMENTS } from '@complete-clusters/plugin-complete-clusters-common';
import type { ClusterTemplateEntity } from '@complete-clusters/plugin-complete-clusters-common';
import type { Emulator } from '@complete-clusters/azure-arm-emulator';
import { azureClientsBySubscription } from '../../azure/createAzureClients';
import { DatabaseClusterStore } from '../../database/DatabaseClusterStore';
import type { ClusterEvent } from '../../database/types';
import { Reconciler } from '../../engine/Reconciler';
import {
  emulatorSettings,
  startTrustedEmulator,
  TEST_PLATFORM,
} from '../../__testUtils__/emulator';
import {
  exampleRequest,
  exampleTemplate,
  testObjectId,
} from '../../__testUtils__/exampleTemplates';
import type { ServiceDeps } from '../serviceDeps';
import { ClusterUpdater } from '../updates/ClusterUpdater';
import { RolloutRunner } from './RolloutRunner';
import { RolloutService } from './RolloutService';

jest.setTimeout(600_000);

const PAULA = 'user:default/paula';
const ALICE = 'user:default/alice';
const TEAM = 'group:default/platform-team';
type Env = (typeof ENVIRONMENTS)[number];

/**
 * A platform release: one rollout over two templates whose clusters run in
 * every environment (recorded under earlier versions of their template),
 * created in an order that is not the stage order. The real store, service,
 * runner, cluster updater and engine against the emulator; only the catalog
 * is Backstage's in-memory one, holding the templates' new versions.
 */
describe('a platform release over two templates', () => {
  const databases = TestDatabases.create({
    ids: ['SQLITE_3', 'POSTGRES_15'],
  });
  let emulator: Emulator;
  beforeAll(async () => {
    emulator = await startTrustedEmulator({ operationDurationMs: 30 });
  });
  afterAll(() => emulator?.close());

  /** Production first and templates interleaved: an order by creation or by template would be wrong. */
  const CLUSTERS: Array<[string, 'developer' | 'testing', Env]> = [
    ['dev-prod', 'developer', 'production'],
    ['tst-prod', 'testing', 'production'],
    ['tst-test', 'testing', 'testing'],
    ['dev-test', 'developer', 'testing'],
    ['tst-dev', 'testing', 'development'],
    ['dev-dev', 'developer', 'development'],
  ];

  function templateAt(
    name: 'developer' | 'testing',
    version: string,
  ): ClusterTemplateEntity {
    const entity = exampleTemplate(name);
    entity.metadata.namespace = 'default';
    entity.spec.version = version;
    return entity;
  }

  /** Six clusters built in Azure (the emulator), the rollout machinery around them, and the templates at 5.0.0 and 6.0.0. */
  async function setUp(
    databaseId: Parameters<typeof databases.init>[0],
    prefix: string,
  ) {
    const knex = await databases.init(databaseId);
    const store = await DatabaseClusterStore.create({
      database: mockServices.database({ knex }),
    });
    const settings = emulatorSettings(emulator);
    const envOf: Record<string, Env> = {};
    const nameOf: Record<string, string> = {};
    for (const [name, template, environment] of CLUSTERS) {
      const { cluster } = await store.requestCluster(
        exampleRequest(template, settings, `${prefix}-${name}`, {
          requester: ALICE,
          edit: spec => {
            spec.environment = environment;
          },
        }),
      );
      envOf[cluster.id] = environment;
      nameOf[cluster.id] = name;
    }
    const engine = new Reconciler({
      store,
      clientsFor: azureClientsBySubscription(settings),
      // maxAttempts 2: a cluster Azure fails fails in seconds.
      settings: {
        pollIntervalMs: 20,
        leaseMs: 60_000,
        concurrency: 10,
        maxAttempts: 2,
      },
      platform: TEST_PLATFORM,
      logger: mockServices.logger.mock(),
      workerId: prefix,
    });
    for (let pass = 0; ; pass++) {
      await engine.wake();
      if ((await store.listClusters()).every(c => c.phase === 'Ready')) break;
      if (pass > 20_000) throw new Error('the clusters were not built');
      await new Promise(r => setTimeout(r, 5));
    }
    const deps: ServiceDeps = {
      store,
      catalog: catalogServiceMock({
        entities: [
          templateAt('developer', '5.0.0'),
          templateAt('testing', '6.0.0'),
        ],
      }),
      auth: mockServices.auth(),
      permissions: mockServices.permissions(),
      userInfo: mockServices.userInfo({
        userEntityRef: PAULA,
        ownershipEntityRefs: [PAULA, TEAM],
      }),
      logger: mockServices.logger.mock(),
      azure: settings,
      clientsFor: azureClientsBySubscription(settings),
      platform: TEST_PLATFORM,
      principalOverrides: Object.fromEntries(
        [ALICE, TEAM, PAULA].map(ref => [ref, testObjectId(ref)]),
      ),
      onNewWork: () => {},
    };
    const service = new RolloutService(deps);
    const runner = new RolloutRunner({
      store,
      updater: new ClusterUpdater(deps),
      auth: deps.auth,
      logger: deps.logger,
    });
    return {
      knex,
      store,
      envOf,
      nameOf,
      /** POST /rollouts's work for both templates, as Paula. */
      release: () =>
        service.start(
          {
            templates: [
              { templateRef: 'clustertemplate:default/developer' },
              { templateRef: 'clustertemplate:default/testing' },
            ],
          },
          mockCredentials.user(PAULA),
        ),
      /** The scheduler's runner and engine until the rollout ends. */
      until: async (id: string) => {
        for (let pass = 0; pass < 20_000; pass++) {
          await runner.step();
          await engine.wake();
          const r = (await store.getRollout(id))!;
          if (r.state !== 'Running') return r;
          await new Promise(res => setTimeout(res, 5));
        }
        throw new Error(`rollout ${id} did not end`);
      },
      /** Every event of the six clusters, in the order the database recorded them. */
      history: async () =>
        (await Promise.all(Object.keys(nameOf).map(id => store.listEvents(id))))
          .flat()
          .sort((a, b) => a.id - b.id),
    };
  }

  /** The events that start a cluster's update in a rollout, in database order. */
  const starts = (events: ClusterEvent[]) =>
    events.filter(e =>
      new RegExp(
        `^Update from version \\S+ to \\S+ started by ${PAULA} \\(rollout\\)`,
      ).test(e.message),
    );

  describe.each(databases.eachSupportedId())('on %s', databaseId => {
    it('updates every development cluster before any testing one and every testing before any production one, across both templates', async () => {
      const { knex, store, envOf, nameOf, release, until, history } =
        await setUp(databaseId, `ok${databaseId === 'SQLITE_3' ? 's' : 'p'}`);
      const rollout = await release();
      expect(rollout.templates).toEqual([
        {
          templateRef: 'clustertemplate:default/developer',
          toVersion: '5.0.0',
        },
        { templateRef: 'clustertemplate:default/testing', toVersion: '6.0.0' },
      ]);
      expect(rollout.clusters.map(c => c.environment)).toEqual([
        'development',
        'development',
        'testing',
        'testing',
        'production',
        'production',
      ]);
      const done = await until(rollout.id);
      expect(done.state).toBe('Succeeded');
      expect(done.clusters.map(c => c.state)).toEqual(Array(6).fill('Updated'));
      for (const c of await store.listClusters())
        expect([nameOf[c.id], c.phase, c.templateVersion]).toEqual([
          nameOf[c.id],
          'Ready',
          c.templateRef.endsWith('/developer') ? '5.0.0' : '6.0.0',
        ]);

      // From the database: the order the updates started in, and that each began only once the one before was Ready.
      const events = await history();
      const started = starts(events);
      expect(started).toHaveLength(6);
      const stage = (e: ClusterEvent) => envOf[e.clusterId];
      expect(started.map(stage)).toEqual([
        'development',
        'development',
        'testing',
        'testing',
        'production',
        'production',
      ]);
      // Both templates in every stage.
      for (const env of ['development', 'testing', 'production'])
        expect(
          started
            .filter(e => stage(e) === env)
            .map(e => nameOf[e.clusterId].slice(0, 3))
            .sort(),
        ).toEqual(['dev', 'tst']);
      const readyAfter = (start: ClusterEvent) =>
        events.find(
          e =>
            e.clusterId === start.clusterId &&
            e.id > start.id &&
            e.phase === 'Ready',
        )!;
      for (let i = 1; i < started.length; i++)
        expect(readyAfter(started[i - 1]).id).toBeLessThan(started[i].id);
      await knex.destroy();
    });

    it('stops at the first cluster that fails: the stage before updated, nothing after it started', async () => {
      const { knex, store, nameOf, release, until, history } = await setUp(
        databaseId,
        `no${databaseId === 'SQLITE_3' ? 's' : 'p'}`,
      );
      const clusters = await store.listClusters();
      const failing = clusters.find(c => nameOf[c.id] === 'tst-test')!;
      // Azure accepts every operation on that one testing cluster, then fails it.
      await fetch(`${emulator.url}/_emulator/config`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({
          faults: {
            alwaysFailResources: [
              `/subscriptions/${failing.azure.subscriptionId}/resourceGroups/${failing.azure.resourceGroup}/providers/Microsoft.ContainerService/managedClusters/${failing.name}`,
            ],
          },
        }),
      });
      let stopped;
      try {
        stopped = await until((await release()).id);
      } finally {
        await fetch(`${emulator.url}/_emulator/config`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify({ faults: { alwaysFailResources: null } }),
        });
      }
      expect(stopped.state).toBe('Stopped');
      const byName = Object.fromEntries(
        stopped.clusters.map(c => [nameOf[c.clusterId], c.state]),
      );
      expect(byName).toEqual({
        'tst-dev': 'Updated',
        'dev-dev': 'Updated',
        'tst-test': 'Failed',
        'dev-test':
          stopped.clusters[2].name === failing.name ? 'Waiting' : 'Updated',
        'dev-prod': 'Waiting',
        'tst-prod': 'Waiting',
      });
      expect(stopped.message).toMatch(
        new RegExp(
          `^Stopped at ${failing.name} \\(testing\\), which failed: Azure failed \\S+ managed cluster ${failing.name} 2 times: .*InternalOperationError.*\\. [23] clusters were not updated\\.$`,
        ),
      );
      // Nothing after the failure started: the production clusters stay Ready at their old versions.
      expect(
        starts(await history())
          .map(e => nameOf[e.clusterId])
          .sort(),
      ).toEqual(
        stopped.clusters[2].name === failing.name
          ? ['dev-dev', 'tst-dev', 'tst-test']
          : ['dev-dev', 'dev-test', 'tst-dev', 'tst-test'],
      );
      const production = (await store.listClusters()).filter(c =>
        ['dev-prod', 'tst-prod'].includes(nameOf[c.id]),
      );
      expect(
        production.map(c => [nameOf[c.id], c.phase, c.templateVersion]),
      ).toEqual(
        expect.arrayContaining([
          ['dev-prod', 'Ready', exampleTemplate('developer').spec.version],
          ['tst-prod', 'Ready', exampleTemplate('testing').spec.version],
        ]),
      );
      expect((await store.getClusterById(failing.id))!.phase).toBe('Failed');
      await knex.destroy();
    });
  });
});
