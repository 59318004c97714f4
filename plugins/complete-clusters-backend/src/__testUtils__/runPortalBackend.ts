/* eslint-disable no-console */
/**
 * The portal's backend reduced to the catalog, the Scaffolder (configured as
 * in app-config.yaml) with the complete-clusters actions, and the
 * complete-clusters plugin, as its own process so that a test can kill it
 * with SIGKILL in the middle of a task and start another on the same
 * databases. Env: PORTAL_DATA (a folder for one
 * SQLite file per plugin), PORTAL_ENDPOINT (the emulator), PORTAL_USER (the
 * user whose Entra object id the role bindings get).
 * NODE_EXTRA_CA_CERTS makes it trust the emulator, as in the portal.
 * Prints `portal listening on <port>` when ready.
 */
import fs from 'fs';
import path from 'path';
import { parse } from 'yaml';
import { schedulerServiceFactory } from '@backstage/backend-defaults/scheduler';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import catalogPlugin from '@backstage/plugin-catalog-backend';
import catalogModuleScaffolderEntityModel from '@backstage/plugin-catalog-backend-module-scaffolder-entity-model';
import scaffolderPlugin from '@backstage/plugin-scaffolder-backend';
import catalogModuleCompleteClusters from '@complete-clusters/plugin-catalog-backend-module-complete-clusters';
import scaffolderModuleCompleteClusters from '@complete-clusters/plugin-scaffolder-backend-module-complete-clusters';
import { completeClustersPlugin } from '../plugin';
import { emulatorSettings, TEST_PLATFORM } from './emulator';
import { EXAMPLES_DIR, testObjectId } from './exampleTemplates';

async function main() {
  const settings = emulatorSettings({ url: process.env.PORTAL_ENDPOINT! });
  const user = process.env.PORTAL_USER!;
  // The Scaffolder as the portal configures it (app-config.yaml), only quicker to call a task stale.
  const appConfig = parse(
    fs.readFileSync(
      path.resolve(EXAMPLES_DIR, '../../app-config.yaml'),
      'utf8',
    ),
  );
  const scaffolder = {
    ...appConfig.scaffolder,
    taskRecovery: {
      ...appConfig.scaffolder?.taskRecovery,
      staleTimeout: { seconds: 2 },
    },
  };
  const backend = await startTestBackend({
    features: [
      catalogPlugin,
      catalogModuleScaffolderEntityModel,
      catalogModuleCompleteClusters,
      scaffolderPlugin,
      scaffolderModuleCompleteClusters,
      completeClustersPlugin,
      schedulerServiceFactory,
      mockServices.database.factory(),
      mockServices.rootConfig.factory({
        data: {
          backend: {
            database: {
              client: 'better-sqlite3',
              connection: { directory: process.env.PORTAL_DATA! },
            },
          },
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
              {
                type: 'file',
                target: path.join(EXAMPLES_DIR, 'developer.yaml'),
              },
            ],
          },
          scaffolder,
          completeClusters: {
            azure: {
              subscriptionId: settings.subscriptionId,
              endpoint: settings.endpoint,
              credential: settings.credential,
            },
            engine: { pollIntervalMs: 100 },
            scaffolder: { pollIntervalSeconds: 0.2 },
            gitops: TEST_PLATFORM.gitops,
            addons: TEST_PLATFORM.addons,
            principals: [{ entityRef: user, objectId: testObjectId(user) }],
          },
        },
      }),
    ],
  });
  const address = backend.server.address();
  console.log(
    `portal listening on ${
      typeof address === 'object' && address ? address.port : address
    }`,
  );
}

main().catch(e => {
  console.error(e);
  process.exit(1);
});
