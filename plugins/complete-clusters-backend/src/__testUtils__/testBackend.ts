import fs from 'fs';
import os from 'os';
import path from 'path';
import request from 'supertest';
import {
  coreServices,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import { schedulerServiceFactory } from '@backstage/backend-defaults/scheduler';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import type {
  TestDatabaseId,
  TestDatabases,
} from '@backstage/backend-test-utils';
import type { Knex } from 'knex';
import catalogPlugin from '@backstage/plugin-catalog-backend';
import catalogModuleCompleteClusters from '@complete-clusters/plugin-catalog-backend-module-complete-clusters';
import type { Emulator } from '@complete-clusters/azure-arm-emulator';
import { completeClustersPlugin } from '../plugin';
import { emulatorSettings, TEST_PLATFORM } from './emulator';
import { EXAMPLES_DIR, testObjectId } from './exampleTemplates';
import { until } from './until';

/**
 * Every plugin gets its own fresh logical database on one engine, as a real
 * backend gives each plugin its own database.
 */
function databasePerPlugin(
  databases: TestDatabases,
  id: TestDatabaseId,
  keep?: Map<string, Knex>,
) {
  return createServiceFactory({
    service: coreServices.database,
    deps: { pluginMetadata: coreServices.pluginMetadata },
    async factory({ pluginMetadata }) {
      // With `keep`, a backend started again finds each plugin's database as the last one left it.
      const pluginId = pluginMetadata.getId();
      const knex = keep?.get(pluginId) ?? (await databases.init(id));
      keep?.set(pluginId, knex);
      return mockServices.database({ knex });
    },
  });
}

/** The example templates copied to a new folder a test may edit (a producer changing a template). */
export function copyExampleTemplates(): string {
  const templatesDir = fs.mkdtempSync(
    path.join(os.tmpdir(), 'cluster-templates-'),
  );
  for (const name of ['developer', 'testing', 'production']) {
    fs.copyFileSync(
      path.join(EXAMPLES_DIR, `${name}.yaml`),
      path.join(templatesDir, `${name}.yaml`),
    );
  }
  return templatesDir;
}

/** Replaces a line of a template copied by {@link copyExampleTemplates}, failing loudly when the example changed. */
export function editCopiedTemplate(
  dir: string,
  name: string,
  from: string,
  to: string,
) {
  const file = path.join(dir, `${name}.yaml`);
  const text = fs.readFileSync(file, 'utf8');
  if (!text.includes(from)) throw new Error(`${name}.yaml has no '${from}'`);
  fs.writeFileSync(file, text.replace(from, to));
}

/**
 * The portal's backend reduced to the catalog, the real scheduler and the
 * complete-clusters plugin, against the emulator, with the example templates
 * copied to a folder the test may edit (a producer changing a template) and
 * the example organisation. `memberships` says which groups each test user
 * belongs to, as the auth backend's ownership resolution would. With
 * `database`, the plugins keep their state on that engine (SQLite or
 * PostgreSQL); without, on the test backend's in-memory SQLite.
 */
export async function startCompleteClustersBackend(options: {
  emulator: Emulator;
  memberships?: Record<string, string[]>;
  users?: string[];
  config?: Record<string, unknown>;
  features?: any[];
  /** `keep`: the plugins' databases by plugin id, filled by the first backend and reused by the next (a restart). */
  database?: {
    databases: TestDatabases;
    id: TestDatabaseId;
    keep?: Map<string, Knex>;
  };
  /** A folder from {@link copyExampleTemplates} to use (and leave in place), e.g. across a restart. */
  templatesDir?: string;
}) {
  const templatesDir = options.templatesDir ?? copyExampleTemplates();
  const settings = emulatorSettings(options.emulator);
  const memberships = options.memberships ?? {};
  const userInfo = createServiceFactory({
    service: coreServices.userInfo,
    deps: {},
    factory: () => ({
      async getUserInfo(credentials: any) {
        const userEntityRef = credentials.principal.userEntityRef;
        return {
          userEntityRef,
          ownershipEntityRefs: [
            userEntityRef,
            ...(memberships[userEntityRef] ?? []),
          ],
        };
      },
    }),
  });
  const users = options.users ?? [
    'user:default/alice',
    'user:default/bob',
    'user:default/carol',
    'user:default/paula',
  ];
  const backend = await startTestBackend({
    features: [
      catalogPlugin,
      catalogModuleCompleteClusters,
      completeClustersPlugin,
      schedulerServiceFactory,
      userInfo,
      ...(options.features ?? []),
      ...(options.database
        ? [
            databasePerPlugin(
              options.database.databases,
              options.database.id,
              options.database.keep,
            ),
          ]
        : []),
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
                target: path.join(templatesDir, `${n}.yaml`),
              })),
              {
                type: 'file',
                target: path.join(EXAMPLES_DIR, '..', 'org.yaml'),
              },
            ],
          },
          completeClusters: {
            azure: {
              subscriptionId: settings.subscriptionId,
              endpoint: settings.endpoint,
              credential: settings.credential,
            },
            engine: { pollIntervalMs: 50 },
            catalog: {
              schedule: {
                frequency: { milliseconds: 500 },
                timeout: { seconds: 30 },
              },
            },
            // Prices from the emulator's Retail Prices API, never the internet.
            prices: { endpoint: settings.endpoint },
            gitops: TEST_PLATFORM.gitops,
            addons: TEST_PLATFORM.addons,
            principals: users.map(ref => ({
              entityRef: ref,
              objectId: testObjectId(ref),
            })),
            ...options.config,
          },
        },
      }),
    ],
  });
  const asUser = (ref: string) => mockCredentials.user.header(ref);
  await until(
    'the example templates and organisation in the catalog',
    async () => {
      const names = [
        'clustertemplate/default/developer',
        'clustertemplate/default/production',
        'group/default/platform-team',
      ];
      for (const name of names) {
        const res = await request(backend.server)
          .get(`/api/catalog/entities/by-name/${name}`)
          .set('Authorization', asUser(users[0]));
        if (res.status !== 200) return undefined;
      }
      return true;
    },
  );
  return {
    backend,
    templatesDir,
    asUser,
    async stop() {
      await backend.stop();
      if (!options.templatesDir)
        fs.rmSync(templatesDir, { recursive: true, force: true });
    },
  };
}
