import fs from 'fs';
import os from 'os';
import path from 'path';
import request from 'supertest';
import { stringify } from 'yaml';
import {
  EXAMPLES_DIR,
  loadExampleTemplate,
} from './__testUtils__/exampleTemplates';
import { createBackendModule } from '@backstage/backend-plugin-api';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { catalogProcessingExtensionPoint } from '@backstage/plugin-catalog-node';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
  TestDatabases,
} from '@backstage/backend-test-utils';
import catalogPlugin from '@backstage/plugin-catalog-backend';
import scaffolderEntityModel from '@backstage/plugin-catalog-backend-module-scaffolder-entity-model';
import { catalogModuleCompleteClusters } from './module';

jest.setTimeout(60_000);

const auth = mockCredentials.user.header();

async function until<T>(
  what: string,
  probe: () => Promise<T | undefined>,
  timeoutMs = 30_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise(r => setTimeout(r, 250));
  }
}

describe('catalog with the complete-clusters module', () => {
  const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });
  let workDir: string;

  beforeAll(() => {
    // One location holding the three examples plus a broken template.
    workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cluster-templates-'));
    const broken: any = loadExampleTemplate('testing');
    broken.metadata.name = 'broken';
    broken.spec.infrastructure.nodePools[0].vmSize = 'big';
    const docs = ['developer', 'testing', 'production'].map(n =>
      fs.readFileSync(path.join(EXAMPLES_DIR, `${n}.yaml`), 'utf8'),
    );
    fs.writeFileSync(
      path.join(workDir, 'all.yaml'),
      [...docs, stringify(broken)].join('\n---\n'),
    );
  });

  afterAll(() => fs.rmSync(workDir, { recursive: true, force: true }));

  // What the catalog reports to its processing-error handler (the logs module in the portal).
  const processingErrors = new Map<string, string[]>();
  const errorRecorder = createBackendModule({
    pluginId: 'catalog',
    moduleId: 'test-error-recorder',
    register(env) {
      env.registerInit({
        deps: { catalog: catalogProcessingExtensionPoint },
        async init({ catalog }) {
          catalog.setOnProcessingErrorHandler(
            ({ unprocessedEntity, errors }) => {
              processingErrors.set(
                stringifyEntityRef(unprocessedEntity),
                errors.map(e => e.message),
              );
            },
          );
        },
      });
    },
  });

  async function start(databaseId: Parameters<typeof databases.init>[0]) {
    processingErrors.clear();
    const knex = await databases.init(databaseId);
    return startTestBackend({
      features: [
        catalogPlugin,
        scaffolderEntityModel,
        catalogModuleCompleteClusters,
        errorRecorder,
        mockServices.database.factory({ knex }),
        mockServices.rootConfig.factory({
          data: {
            catalog: {
              rules: [{ allow: ['ClusterTemplate', 'Template', 'Location'] }],
              locations: [
                { type: 'file', target: path.join(workDir, 'all.yaml') },
              ],
            },
          },
        }),
      ],
    });
  }

  async function query(server: any, kind: string): Promise<any[]> {
    const res = await request(server)
      .get(`/api/catalog/entities/by-query?filter=kind=${kind}`)
      .set('Authorization', auth);
    return res.body.items ?? [];
  }

  it.each(databases.eachSupportedId())(
    'ingests valid ClusterTemplates and their Scaffolder Templates, and only those, on %s',
    async databaseId => {
      const backend = await start(databaseId);
      const server = backend.server;
      try {
        const templates = await until(
          'three Scaffolder Templates',
          async () => {
            const items = await query(server, 'template');
            return items.length === 3 ? items : undefined;
          },
        );
        expect(templates.map(t => t.metadata.name).sort()).toEqual([
          'developer',
          'production',
          'testing',
        ]);
        const clusterTemplates = await query(server, 'clustertemplate');
        expect(clusterTemplates.map(t => t.metadata.name).sort()).toEqual([
          'developer',
          'production',
          'testing',
        ]);

        const production = clusterTemplates.find(
          t => t.metadata.name === 'production',
        );
        expect(production.relations).toContainEqual({
          type: 'ownedBy',
          targetRef: 'group:default/platform-team',
        });
        const generated = templates.find(t => t.metadata.name === 'production');
        expect(generated.relations).toContainEqual({
          type: 'ownedBy',
          targetRef: 'group:default/platform-team',
        });

        // The broken template is not ingested, generates nothing, and its error names the field and the fix.
        expect(
          (await query(server, 'clustertemplate')).some(
            t => t.metadata.name === 'broken',
          ),
        ).toBe(false);
        const errors = await until(
          'the processing error of the broken template',
          async () => processingErrors.get('clustertemplate:default/broken'),
        );
        expect(errors.join('\n')).toContain(
          'spec.infrastructure.nodePools[0].vmSize: "big" has the wrong format; fix: use an Azure VM size such as Standard_D4ds_v5',
        );
        expect([...processingErrors.keys()]).toEqual([
          'clustertemplate:default/broken',
        ]);
      } finally {
        await backend.stop();
      }
    },
  );

  it('refuses a malformed ClusterTemplate through validate-entity, naming the field and fix', async () => {
    const backend = await start('SQLITE_3');
    const server = backend.server;
    try {
      const entity: any = loadExampleTemplate('developer');
      const ok = await request(server)
        .post('/api/catalog/validate-entity')
        .set('Authorization', auth)
        .send({ entity, location: 'url:https://example.com/developer.yaml' });
      expect(ok.status).toBe(200);

      entity.spec.infrastructure.location = 'South East Asia';
      const refused = await request(server)
        .post('/api/catalog/validate-entity')
        .set('Authorization', auth)
        .send({ entity, location: 'url:https://example.com/developer.yaml' });
      expect(refused.status).toBe(400);
      expect(JSON.stringify(refused.body)).toContain(
        'spec.infrastructure.location: \\"South East Asia\\" has the wrong format; fix: use an Azure region name in lowercase without spaces',
      );
    } finally {
      await backend.stop();
    }
  });
});
