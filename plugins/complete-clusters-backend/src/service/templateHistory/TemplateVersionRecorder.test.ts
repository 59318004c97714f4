import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { clusterTemplateProblems } from '@complete-clusters/plugin-complete-clusters-common';
import knexFactory from 'knex';
import { DatabaseClusterStore } from '../../database/DatabaseClusterStore';
import { DatabaseTemplateHistory } from '../../database/DatabaseTemplateHistory';
import { exampleTemplate } from '../../__testUtils__/exampleTemplates';
import { TemplateVersionRecorder } from './TemplateVersionRecorder';

/**
 * The template-history job's work on a real database: what the catalog shows
 * the plugin itself is recorded, once per version; templates that do not
 * pass validation are not.
 */
describe('TemplateVersionRecorder', () => {
  it('records each valid ClusterTemplate version once, reading the catalog as the plugin itself', async () => {
    const knex = knexFactory({
      client: 'better-sqlite3',
      connection: ':memory:',
      useNullAsDefault: true,
    });
    // The store's migrations make the template_versions table.
    await DatabaseClusterStore.create({
      database: mockServices.database({ knex }),
    });
    const history = DatabaseTemplateHistory.create(knex);
    const developer = exampleTemplate('developer');
    developer.metadata.namespace = 'default';
    const testing = exampleTemplate('testing');
    testing.metadata.namespace = 'default';
    const broken = exampleTemplate('production');
    broken.metadata.namespace = 'default';
    delete (broken.spec as Partial<typeof broken.spec>).version;
    expect(clusterTemplateProblems(broken)).not.toEqual([]);
    const catalog = catalogServiceMock({
      entities: [
        developer,
        testing,
        broken,
        {
          apiVersion: 'backstage.io/v1alpha1',
          kind: 'Component',
          metadata: { name: 'not-a-template', namespace: 'default' },
          spec: { version: '9.9.9' },
        },
      ],
    });
    const getEntities = jest.spyOn(catalog, 'getEntities');
    const logger = mockServices.logger.mock();
    const recorder = new TemplateVersionRecorder({
      catalog,
      auth: mockServices.auth({ pluginId: 'complete-clusters' }),
      logger,
      history,
    });

    expect(await recorder.recordAll()).toBe(2);
    expect(getEntities).toHaveBeenCalledWith(expect.anything(), {
      credentials: mockCredentials.service('plugin:complete-clusters'),
    });
    expect(logger.info).toHaveBeenCalledWith(
      'Recorded 2 new ClusterTemplate versions',
    );
    expect(
      (await history.list('clustertemplate:default/developer')).map(
        v => v.version,
      ),
    ).toEqual([developer.spec.version]);
    expect(
      (await history.list('clustertemplate:default/testing')).map(
        v => v.version,
      ),
    ).toEqual([testing.spec.version]);
    expect(await history.list('clustertemplate:default/production')).toEqual(
      [],
    );

    // Seen before: nothing new, nothing said.
    expect(await recorder.recordAll()).toBe(0);
    expect(logger.info).toHaveBeenCalledTimes(1);
    await knex.destroy();
  });
});
