import fs from 'fs';
import os from 'os';
import path from 'path';
import request from 'supertest';
import { randomUUID } from 'crypto';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import catalogPlugin from '@backstage/plugin-catalog-backend';
import catalogModuleScaffolderEntityModel from '@backstage/plugin-catalog-backend-module-scaffolder-entity-model';
import scaffolderPlugin from '@backstage/plugin-scaffolder-backend';
import scaffolderModuleCompleteClusters, {
  enableSqliteSecureDelete,
} from '@complete-clusters/plugin-scaffolder-backend-module-complete-clusters';
import knexFactory from 'knex';
import { until } from './__testUtils__/until';

jest.setTimeout(120_000);

const TEMPLATE = `apiVersion: scaffolder.backstage.io/v1beta3
kind: Template
metadata:
  name: keeps-a-secret
spec:
  owner: user:default/alice
  type: service
  steps:
    - id: log
      name: Log
      action: debug:log
      input:
        # A task of real size: its row spills into overflow pages, which SQLite frees (not wipes) when the secrets are cleared.
        message: ${'A long step input. '.repeat(600)}
`;

/**
 * Runs one Scaffolder task that carries a secret on a SQLite file, stops the
 * backend, and says whether the secret's bytes are still anywhere in the
 * Scaffolder's database files.
 */
async function secretLeftInFile(): Promise<{
  found: boolean;
  files: string[];
}> {
  const dir = fs.mkdtempSync(
    path.join(os.tmpdir(), 'scaffolder-secure-delete-'),
  );
  const templateFile = path.join(dir, 'template.yaml');
  fs.writeFileSync(templateFile, TEMPLATE);
  const secret = `token-${randomUUID()}`;
  const backend = await startTestBackend({
    features: [
      catalogPlugin,
      catalogModuleScaffolderEntityModel,
      scaffolderPlugin,
      scaffolderModuleCompleteClusters,
      mockServices.database.factory(),
      mockServices.rootConfig.factory({
        data: {
          backend: {
            database: {
              client: 'better-sqlite3',
              connection: { directory: path.join(dir, 'db') },
            },
          },
          catalog: {
            processingInterval: { seconds: 1 },
            rules: [{ allow: ['Template', 'Location'] }],
            locations: [{ type: 'file', target: templateFile }],
          },
          completeClusters: { scaffolder: { pollIntervalSeconds: 1 } },
        },
      }),
    ],
  });
  try {
    const as = (r: request.Test) =>
      r.set('Authorization', mockCredentials.user.header('user:default/alice'));
    await until('the template in the catalog', async () =>
      (
        await as(
          request(backend.server).get(
            '/api/catalog/entities/by-name/template/default/keeps-a-secret',
          ),
        )
      ).status === 200
        ? true
        : undefined,
    );
    const created = await as(
      request(backend.server).post('/api/scaffolder/v2/tasks'),
    ).send({
      templateRef: 'template:default/keeps-a-secret',
      values: {},
      secrets: { registryToken: secret },
    });
    expect(created.status).toBe(201);
    await until('the task to end', async () => {
      const task = (
        await as(
          request(backend.server).get(
            `/api/scaffolder/v2/tasks/${created.body.id}`,
          ),
        )
      ).body;
      return task.status === 'completed' || task.status === 'failed'
        ? task
        : undefined;
    });
  } finally {
    await backend.stop();
  }
  const files = fs
    .readdirSync(path.join(dir, 'db'))
    .filter(f => f.startsWith('scaffolder'));
  const found = files.some(f =>
    fs.readFileSync(path.join(dir, 'db', f)).includes(Buffer.from(secret)),
  );
  fs.rmSync(dir, { recursive: true, force: true });
  return { found, files };
}

describe("the Scaffolder's SQLite database after a task ends", () => {
  it('keeps no secret of the task anywhere in its file with the complete-clusters module installed', async () => {
    const { found, files } = await secretLeftInFile();
    expect(files).toContain('scaffolder.sqlite');
    expect(found).toBe(false);
  });

  it('overwrites deleted bytes once secure_delete is on, which SQLite otherwise leaves in the file', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'secure-delete-'));
    const leftOver = async (secure: boolean) => {
      const file = path.join(dir, `${secure}.sqlite`);
      const knex = knexFactory({
        client: 'better-sqlite3',
        connection: { filename: file },
        useNullAsDefault: true,
      });
      const enabled = secure
        ? await enableSqliteSecureDelete(mockServices.database({ knex }))
        : false;
      const secret = `token-${randomUUID()}`;
      await knex.schema.createTable('tasks', t => {
        t.string('id');
        t.text('secrets');
      });
      await knex('tasks').insert([
        { id: 'a', secrets: secret },
        { id: 'b', secrets: 'none' },
      ]);
      await knex('tasks').where({ id: 'a' }).delete();
      await knex.destroy();
      return {
        enabled,
        found: fs.readFileSync(file).includes(Buffer.from(secret)),
      };
    };
    try {
      expect(await leftOver(false)).toEqual({ enabled: false, found: true });
      expect(await leftOver(true)).toEqual({ enabled: true, found: false });
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
