import { mockServices, TestDatabases } from '@backstage/backend-test-utils';
import { DatabaseClusterStore } from './DatabaseClusterStore';
import { DatabaseFleetReader, FleetPageQuery } from './DatabaseFleetReader';
import type { NewClusterRequest } from './types';

jest.setTimeout(60_000);

const DEVELOPER = 'clustertemplate:default/developer';
const PRODUCTION = 'clustertemplate:default/production';
const OTHER_TEAMS = 'clustertemplate:default/other';

const request = (
  name: string,
  overrides: Partial<NewClusterRequest> & { environment?: string } = {},
): NewClusterRequest => {
  const { environment = 'development', ...rest } = overrides;
  return {
    name,
    templateRef: DEVELOPER,
    templateVersion: '1.1.0',
    parameters: {},
    spec: { owner: 'group:default/platform-team', environment } as any,
    requestedBy: 'user:default/alice',
    ownerRef: 'user:default/alice',
    principals: {},
    azure: {
      subscriptionId: 'sub',
      resourceGroup: `rg-${name}`,
      resourceId: `/rg-${name}/${name}`,
      location: 'southeastasia',
    },
    ...rest,
  };
};

describe('DatabaseFleetReader', () => {
  const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });

  describe.each(databases.eachSupportedId())('on %s', databaseId => {
    let reader: DatabaseFleetReader;
    const fleet = {
      templates: [
        { templateRef: DEVELOPER, currentVersion: '1.1.0' },
        { templateRef: PRODUCTION, currentVersion: '2.0.0' },
      ],
    };
    const page = (query: Partial<FleetPageQuery> = {}) =>
      reader.page({
        ...fleet,
        sort: 'name',
        order: 'asc',
        limit: 50,
        offset: 0,
        ...query,
      });
    const names = async (query: Partial<FleetPageQuery> = {}) =>
      (await page(query)).items.map(c => c.name);

    beforeAll(async () => {
      const knex = await databases.init(databaseId);
      const store = await DatabaseClusterStore.create({
        database: mockServices.database({ knex }),
      });
      // Made in an order that is neither the names' order nor its reverse.
      for (const name of [
        'dev-m',
        'dev-b',
        'dev-x',
        'dev-a1',
        'dev-k',
        'dev-c',
        'dev-z',
        'dev-e',
      ]) {
        await store.requestCluster(
          request(name, {
            templateVersion: ['dev-b', 'dev-k', 'dev-z'].includes(name)
              ? '1.0.0'
              : '1.1.0',
          }),
        );
      }
      await store.requestCluster(
        request('prod-q', {
          templateRef: PRODUCTION,
          templateVersion: '2.0.0',
          environment: 'production',
          phase: 'AwaitingApproval',
        }),
      );
      await store.requestCluster(
        request('prod-d', {
          templateRef: PRODUCTION,
          templateVersion: '2.0.0',
          environment: 'production',
        }),
      );
      await store.requestCluster(
        request('other-1', { templateRef: OTHER_TEAMS }),
      );
      const gone = await store.requestCluster(request('dev-gone'));
      await knex('cluster_requests')
        .where({ id: gone.cluster.id })
        .update({ phase: 'Deleted' });
      await knex('cluster_requests')
        .whereIn('name', ['dev-c', 'prod-d'])
        .update({ phase: 'Ready' });
      await knex('cluster_requests')
        .where({ name: 'dev-x' })
        .update({ phase: 'Failed' });
      const [dx, dc] = await Promise.all(
        ['dev-x', 'dev-c'].map(
          async n => (await store.listClustersNamed(n))[0],
        ),
      );
      await store.setDrift(dx.id, {
        checkedAt: new Date().toISOString(),
        items: [
          {
            layer: 'infrastructure',
            field: 'nodePools.gpu.maxCount',
            expected: '3',
            actual: '8',
          },
        ] as any,
      });
      await store.setDrift(dc.id, {
        checkedAt: new Date().toISOString(),
        items: [],
      });
      reader = DatabaseFleetReader.create(knex);
    });

    it("lists only the team's templates' clusters, never a deleted one, sorted by name either way", async () => {
      const all = [
        'dev-a1',
        'dev-b',
        'dev-c',
        'dev-e',
        'dev-k',
        'dev-m',
        'dev-x',
        'dev-z',
        'prod-d',
        'prod-q',
      ];
      expect(await names()).toEqual(all);
      expect(await names({ order: 'desc' })).toEqual([...all].reverse());
      expect((await page()).totalCount).toBe(10);
    });

    it('pages in the database: the total stays, each page holds its slice', async () => {
      const second = await page({ limit: 4, offset: 4 });
      expect(second.totalCount).toBe(10);
      expect(second.items.map(c => c.name)).toEqual([
        'dev-k',
        'dev-m',
        'dev-x',
        'dev-z',
      ]);
      expect(
        (await page({ limit: 4, offset: 8 })).items.map(c => c.name),
      ).toEqual(['prod-d', 'prod-q']);
    });

    it('sorts by another column, then by name among equals', async () => {
      expect(await names({ sort: 'phase', limit: 3 })).toEqual([
        'prod-q',
        'dev-x',
        'dev-a1',
      ]); // AwaitingApproval, Failed, then Pending by name
      expect(
        await names({ sort: 'environment', order: 'desc', limit: 2 }),
      ).toEqual(['prod-d', 'prod-q']);
      expect(await names({ sort: 'templateVersion', limit: 3 })).toEqual([
        'dev-b',
        'dev-k',
        'dev-z',
      ]);
    });

    it('filters by phase, environment, template, version, drift and update state', async () => {
      expect(await names({ phase: 'Ready' })).toEqual(['dev-c', 'prod-d']);
      expect(await names({ environment: 'production' })).toEqual([
        'prod-d',
        'prod-q',
      ]);
      expect(
        await names({ templateRef: PRODUCTION, phase: 'AwaitingApproval' }),
      ).toEqual(['prod-q']);
      expect(await names({ templateVersion: '1.0.0' })).toEqual([
        'dev-b',
        'dev-k',
        'dev-z',
      ]);
      // dev-c was checked and found clean: only dev-x has drift.
      expect(await names({ drift: true })).toEqual(['dev-x']);
      expect(await names({ drift: false })).not.toContain('dev-x');
      expect((await page({ drift: false })).totalCount).toBe(9);
      expect(await names({ updateAvailable: true })).toEqual([
        'dev-b',
        'dev-k',
        'dev-z',
      ]);
      expect((await page({ updateAvailable: false })).totalCount).toBe(7);
    });

    it('searches names literally: % and _ are not wildcards', async () => {
      expect(await names({ search: 'v-a' })).toEqual(['dev-a1']);
      expect(await names({ search: 'dev_a' })).toEqual([]);
      expect(await names({ search: '%' })).toEqual([]);
    });

    it('counts per phase and per template version over the whole fleet', async () => {
      expect(await reader.counts([DEVELOPER, PRODUCTION])).toEqual({
        byPhase: { Pending: 6, Ready: 2, Failed: 1, AwaitingApproval: 1 },
        byVersion: [
          { templateRef: DEVELOPER, templateVersion: '1.0.0', count: 3 },
          { templateRef: DEVELOPER, templateVersion: '1.1.0', count: 5 },
          { templateRef: PRODUCTION, templateVersion: '2.0.0', count: 2 },
        ],
      });
    });
  });
});
