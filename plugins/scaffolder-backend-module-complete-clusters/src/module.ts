import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { scaffolderActionsExtensionPoint } from '@backstage/plugin-scaffolder-node';
import { CompleteClustersClient } from '@complete-clusters/plugin-complete-clusters-common';
import { createRequestClusterAction } from './actions/requestCluster';
import {
  createWaitForClusterAction,
  DEFAULT_POLL_INTERVAL_SECONDS,
} from './actions/waitForCluster';
import { enableSqliteSecureDelete } from './secureDelete';

const POLL_INTERVAL_KEY = 'completeClusters.scaffolder.pollIntervalSeconds';

/**
 * Adds the complete-clusters actions to the Scaffolder:
 * `complete-clusters:cluster:request` and `complete-clusters:cluster:wait`;
 * on SQLite, makes the Scaffolder's database overwrite the secrets it clears
 * when a task ends (`secure_delete`).
 * @public
 */
export const scaffolderModuleCompleteClusters = createBackendModule({
  pluginId: 'scaffolder',
  moduleId: 'complete-clusters',
  register(env) {
    env.registerInit({
      deps: {
        scaffolder: scaffolderActionsExtensionPoint,
        auth: coreServices.auth,
        discovery: coreServices.discovery,
        config: coreServices.rootConfig,
        // The Scaffolder's own database: a module shares its plugin's services.
        database: coreServices.database,
        logger: coreServices.logger,
      },
      async init({ scaffolder, auth, discovery, config, database, logger }) {
        const pollIntervalSeconds =
          config.getOptionalNumber(POLL_INTERVAL_KEY) ??
          DEFAULT_POLL_INTERVAL_SECONDS;
        if (!(pollIntervalSeconds > 0)) {
          throw new Error(
            `${POLL_INTERVAL_KEY} must be a number of seconds above 0, got ${pollIntervalSeconds}`,
          );
        }
        if (await enableSqliteSecureDelete(database)) {
          logger.info(
            'Scaffolder database (SQLite): secure_delete on, so secrets cleared from finished tasks are overwritten',
          );
        }
        const client = new CompleteClustersClient({ discoveryApi: discovery });
        scaffolder.addActions(
          createRequestClusterAction({ client, auth }),
          createWaitForClusterAction({
            client,
            auth,
            pollIntervalMs: pollIntervalSeconds * 1000,
          }),
        );
      },
    });
  },
});
