import { TestDatabases } from '@backstage/backend-test-utils';
import { resolvePackagePath } from '@backstage/backend-plugin-api';

jest.setTimeout(60_000);

const directory = resolvePackagePath(
  '@complete-clusters/plugin-complete-clusters-backend',
  'migrations',
);

/** The columns a cluster row had before clusters got their own identity. */
function row(
  id: string,
  name: string,
  phase: string,
  extra: Record<string, unknown> = {},
) {
  return {
    id,
    name,
    template_ref: 'clustertemplate:default/developer',
    template_version: '1.0.0',
    parameters: '{}',
    spec: '{}',
    requested_by: 'user:default/alice',
    owner_ref: 'user:default/alice',
    phase,
    subscription_id: '00000000-0000-0000-0000-000000000001',
    resource_group: `rg-${name}`,
    resource_id: `/subscriptions/x/resourceGroups/rg-${name}/providers/Microsoft.ContainerService/managedClusters/${name}`,
    location: 'southeastasia',
    ...extra,
  };
}

describe('migrations', () => {
  const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });

  it.each(databases.eachSupportedId())(
    'carry an existing %s database over to clusters with their own identity, and back',
    async databaseId => {
      const knex = await databases.init(databaseId);
      await knex.migrate.up({ directory, name: '20261123190000_init.js' });
      await knex.migrate.up({
        directory,
        name: '20261202130000_components.js',
      });
      await knex.migrate.up({ directory, name: '20261203090000_day_two.js' });
      await knex('cluster_requests').insert([
        row('a', 'dev-a', 'Ready', {
          deletion_requested_by: 'expiry',
          deletion_requested_at: new Date(),
        }),
        row('b', 'dev-b', 'Ready', {
          deletion_requested_by: 'user:default/alice',
          deletion_requested_at: new Date(),
        }),
      ]);
      await knex('cluster_events').insert([
        {
          cluster_id: 'a',
          phase: 'Pending',
          level: 'info',
          message:
            'Requested by user:default/alice from clustertemplate:default/developer version 1.0.0',
        },
        {
          cluster_id: 'a',
          phase: 'ResourceGroup',
          level: 'info',
          message: 'Creating resource group rg-dev-a',
        },
      ]);
      await knex('cluster_rollouts').insert({
        id: 'r',
        template_ref: 'clustertemplate:default/developer',
        to_version: '1.1.0',
        requested_by: 'user:default/paula',
        state: 'Running',
        clusters: JSON.stringify([
          { name: 'dev-a', environment: 'development', state: 'Waiting' },
        ]),
      });

      await knex.migrate.latest({ directory });
      expect(
        await knex('cluster_requests')
          .orderBy('id')
          .select('id', 'deletion_cause', 'deletion_requested_by'),
      ).toEqual([
        { id: 'a', deletion_cause: 'expiry', deletion_requested_by: null },
        {
          id: 'b',
          deletion_cause: 'user',
          deletion_requested_by: 'user:default/alice',
        },
      ]);
      expect(
        (await knex('cluster_events').orderBy('id').select('decision')).map(e =>
          Boolean(e.decision),
        ),
      ).toEqual([true, false]);
      expect(
        JSON.parse((await knex('cluster_rollouts').first('clusters')).clusters),
      ).toEqual([
        {
          name: 'dev-a',
          environment: 'development',
          state: 'Waiting',
          clusterId: 'a',
        },
      ]);
      // The rollout recorded before rollouts spanned templates holds its one template, and its claim while it runs.
      expect(
        await knex('cluster_rollout_templates').select(
          'rollout_id',
          'template_ref',
          'to_version',
          'running_ref',
        ),
      ).toEqual([
        {
          rollout_id: 'r',
          template_ref: 'clustertemplate:default/developer',
          to_version: '1.1.0',
          running_ref: 'clustertemplate:default/developer',
        },
      ]);
      // A second live dev-a is refused; a new dev-a once the first is Deleted is a new row.
      const refused = (query: Promise<unknown>) =>
        query.then(
          () => 'accepted',
          (e: Error) => e.message,
        );
      expect(
        await refused(
          knex('cluster_requests').insert(row('a2', 'dev-a', 'Pending')),
        ),
      ).toMatch(/unique/i);
      await knex('cluster_requests')
        .where({ id: 'a' })
        .update({ phase: 'Deleted' });
      await knex('cluster_requests').insert(row('a2', 'dev-a', 'Pending'));

      await knex.migrate.rollback({ directory }, false);
      expect(
        await knex('cluster_requests')
          .where({ name: 'dev-a' })
          .select('id', 'deletion_requested_by'),
      ).toEqual([{ id: 'a2', deletion_requested_by: null }]);
      expect(
        await knex('cluster_requests')
          .where({ id: 'b' })
          .first('deletion_requested_by'),
      ).toEqual({ deletion_requested_by: 'user:default/alice' });
      expect(
        await refused(
          knex('cluster_requests').insert(row('b2', 'dev-b', 'Deleted')),
        ),
      ).toMatch(/unique/i);
      await knex.destroy();
    },
  );

  it.each(databases.eachSupportedId())(
    "move a cluster's time to live from spec.lifecycle to spec.expiry on %s, so clusters requested before still expire",
    async databaseId => {
      const knex = await databases.init(databaseId);
      await knex.migrate.latest({ directory });
      await knex.migrate.down({
        directory,
        name: '20261204130000_template_expiry.js',
      });
      const week = { timeToLiveHours: 168, warnBeforeHours: 24 };
      await knex('cluster_requests').insert([
        row('a', 'dev-a', 'Ready', {
          spec: JSON.stringify({ version: '1.0.0', lifecycle: week }),
        }),
        row('b', 'dev-b', 'Ready', {
          spec: JSON.stringify({ version: '1.0.0', lifecycle: 'production' }),
        }),
      ]);
      await knex.migrate.up({
        directory,
        name: '20261204130000_template_expiry.js',
      });
      const spec = async (id: string) =>
        JSON.parse(
          (await knex('cluster_requests').where({ id }).first('spec')).spec,
        );
      expect(await spec('a')).toEqual({ version: '1.0.0', expiry: week });
      // Backstage's own lifecycle stage, a string, stays where it is.
      expect(await spec('b')).toEqual({
        version: '1.0.0',
        lifecycle: 'production',
      });
      await knex.destroy();
    },
  );
  it.each(databases.eachSupportedId())(
    'on %s, let a rebuilt cluster hold its name while the cluster it replaces is still live, and go back once that one is deleted',
    async databaseId => {
      const knex = await databases.init(databaseId);
      await knex.migrate.latest({ directory });
      const refused = (query: Promise<unknown>) =>
        query.then(
          () => 'accepted',
          (e: Error) => e.message,
        );
      await knex('cluster_requests').insert(row('old', 'dev-a', 'Ready'));
      // A second live dev-a is still refused, unless the first is replaced by it.
      expect(
        await refused(
          knex('cluster_requests').insert(row('new', 'dev-a', 'Pending')),
        ),
      ).toMatch(/unique/i);
      await knex('cluster_requests')
        .where({ id: 'old' })
        .update({ rebuilt_to: 'new' });
      await knex('cluster_requests').insert(
        row('new', 'dev-a', 'Pending', { rebuilt_from: 'old' }),
      );
      // The new one holds the name: no third live dev-a.
      expect(
        await refused(
          knex('cluster_requests').insert(row('third', 'dev-a', 'Pending')),
        ),
      ).toMatch(/unique/i);
      // Going back is refused while the old one is live, naming it, and changes nothing.
      const down = () =>
        knex.migrate.down({
          directory,
          name: '20261204160000_cluster_rebuilds.js',
        });
      expect(await refused(down())).toMatch(
        /old clusters of dev-a are still live/,
      );
      expect(
        await knex('cluster_requests')
          .where({ id: 'new' })
          .first('rebuilt_from'),
      ).toEqual({ rebuilt_from: 'old' });
      await knex('cluster_requests')
        .where({ id: 'old' })
        .update({ phase: 'Deleted' });
      await down();
      expect(
        (await knex('cluster_requests').orderBy('id')).map(r => [
          r.id,
          r.phase,
          'rebuilt_from' in r,
        ]),
      ).toEqual([
        ['new', 'Pending', false],
        ['old', 'Deleted', false],
      ]);
      expect(
        await refused(
          knex('cluster_requests').insert(row('third', 'dev-a', 'Pending')),
        ),
      ).toMatch(/unique/i);
      await knex.destroy();
    },
  );
});
