import { coreServices, createBackendPlugin } from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { completeClustersPermissions } from '@internal/plugin-complete-clusters-common';
import { randomUUID } from 'crypto';
import os from 'os';
import {
  readAzureSettings,
  readEngineSettings,
  readPlatformSettings,
  readPrincipalOverrides,
} from './config/readCompleteClustersConfig';
import { createAzureClients } from './azure/createAzureClients';
import { DatabaseClusterStore } from './database/DatabaseClusterStore';
import { Reconciler } from './engine/Reconciler';
import { ClusterService } from './service/ClusterService';
import { createRouter } from './router/createRouter';

/**
 * The complete-clusters backend plugin: the request store, the reconciler
 * that drives Azure, and the HTTP API. Only wiring lives here.
 * @public
 */
export const completeClustersPlugin = createBackendPlugin({
  pluginId: 'complete-clusters',
  register(env) {
    env.registerInit({
      deps: {
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        database: coreServices.database,
        scheduler: coreServices.scheduler,
        httpRouter: coreServices.httpRouter,
        httpAuth: coreServices.httpAuth,
        auth: coreServices.auth,
        permissions: coreServices.permissions,
        permissionsRegistry: coreServices.permissionsRegistry,
        userInfo: coreServices.userInfo,
        lifecycle: coreServices.lifecycle,
        catalog: catalogServiceRef,
      },
      async init(deps) {
        const azureSettings = readAzureSettings(deps.config);
        const engineSettings = readEngineSettings(deps.config);
        const platformSettings = readPlatformSettings(deps.config);
        const principalOverrides = readPrincipalOverrides(deps.config);
        const store = await DatabaseClusterStore.create({ database: deps.database });
        const reconciler = new Reconciler({
          store,
          azure: createAzureClients(azureSettings),
          settings: engineSettings,
          platform: platformSettings,
          logger: deps.logger.child({ component: 'reconciler' }),
          workerId: `${os.hostname()}-${randomUUID()}`,
        });
        deps.permissionsRegistry.addPermissions(completeClustersPermissions);

        const service = new ClusterService({
          store,
          catalog: deps.catalog,
          auth: deps.auth,
          permissions: deps.permissions,
          userInfo: deps.userInfo,
          logger: deps.logger,
          azure: azureSettings,
          platform: platformSettings,
          principalOverrides,
          onNewWork: () => void reconciler.wake(),
        });
        deps.httpRouter.use(createRouter({ service, httpAuth: deps.httpAuth }));

        // Every replica runs the reconciler; leases in the database keep them off each other's clusters.
        await deps.scheduler.scheduleTask({
          id: 'complete-clusters-reconciler',
          scope: 'local',
          frequency: { seconds: 1 },
          timeout: { minutes: 10 },
          fn: () => reconciler.wake(),
        });
        deps.lifecycle.addShutdownHook(() => reconciler.stop());
        deps.logger.info(
          `Complete clusters: subscription ${azureSettings.subscriptionId} at ${azureSettings.endpoint ?? 'Azure public cloud'} (${azureSettings.credential.type} credential)`,
        );
      },
    });
  },
});
