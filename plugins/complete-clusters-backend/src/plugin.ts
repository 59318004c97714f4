import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { completeClustersPermissions } from '@complete-clusters/plugin-complete-clusters-common';
import { randomUUID } from 'crypto';
import os from 'os';
import {
  configuredSubscriptions,
  readAzureSettings,
} from './config/readAzureSettings';
import {
  readDayTwoSettings,
  readEngineSettings,
  readPlatformSettings,
  readPrincipalOverrides,
} from './config/readCompleteClustersConfig';
import { azureClientsBySubscription } from './azure/createAzureClients';
import { SubscriptionPacer } from './azure/pacing/SubscriptionPacer';
import { readPacingSettings } from './config/readPacingSettings';
import { OwnerAccessSync } from './engine/drift/OwnerAccessSync';
import { lookupPrincipals } from './service/lookupPrincipals';
import { OwnershipTransfer } from './service/ownership/OwnershipTransfer';
import { ClusterRebuild } from './service/rebuild/ClusterRebuild';
import { DriftDetector } from './engine/drift/DriftDetector';
import { ExpiryMonitor } from './engine/lifecycle/ExpiryMonitor';
import { ClusterActions } from './service/ClusterActions';
import { RolloutRunner } from './service/rollouts/RolloutRunner';
import { RolloutService } from './service/rollouts/RolloutService';
import { TemplatePlanService } from './service/templatePlan/TemplatePlanService';
import { FleetService } from './service/fleet/FleetService';
import { DatabaseFleetReader } from './database/DatabaseFleetReader';
import { DatabaseTemplateHistory } from './database/DatabaseTemplateHistory';
import { TemplateHistoryService } from './service/templateHistory/TemplateHistoryService';
import { DatabaseClusterStore } from './database/DatabaseClusterStore';
import { readRetentionSettings } from './config/readRetentionSettings';
import { Reconciler } from './engine/Reconciler';
import { ClusterService } from './service/ClusterService';
import { createRouter } from './router/createRouter';
import { PriceBook } from './service/cost/PriceBook';
import { CostService } from './service/cost/CostService';
import { readPriceSettings } from './service/cost/readPriceSettings';
import { readPreflightSettings } from './service/preflight/readPreflightSettings';

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
        const dayTwo = readDayTwoSettings(deps.config);
        const retention = readRetentionSettings(deps.config);
        const store = await DatabaseClusterStore.create({
          database: deps.database,
        });
        // One credential for every subscription; each cluster's calls go to the subscription recorded on it,
        // paced to the subscription's limits by buckets every replica shares.
        const pacing = readPacingSettings(deps.config);
        const clientsFor = azureClientsBySubscription(azureSettings, {
          ...(pacing.enabled
            ? {
                pacing: {
                  pacer: new SubscriptionPacer(
                    await deps.database.getClient(),
                    pacing.limits,
                  ),
                  maxInlineWaitMs: pacing.maxInlineWaitMs,
                },
              }
            : {}),
        });
        const reconciler = new Reconciler({
          store,
          clientsFor,
          settings: engineSettings,
          platform: platformSettings,
          logger: deps.logger.child({ component: 'reconciler' }),
          workerId: `${os.hostname()}-${randomUUID()}`,
        });
        deps.permissionsRegistry.addPermissions(completeClustersPermissions);

        const prices = new PriceBook(
          await deps.database.getClient(),
          readPriceSettings(deps.config),
          deps.logger.child({ component: 'prices' }),
        );
        const cost = new CostService(deps, prices, { store, clientsFor });
        const serviceDeps = {
          cost,
          preflight: readPreflightSettings(deps.config),
          store,
          catalog: deps.catalog,
          auth: deps.auth,
          permissions: deps.permissions,
          userInfo: deps.userInfo,
          logger: deps.logger,
          azure: azureSettings,
          clientsFor,
          platform: platformSettings,
          principalOverrides,
          onNewWork: () => void reconciler.wake(),
        };
        const service = new ClusterService(serviceDeps);
        const actions = new ClusterActions(serviceDeps);
        const rollouts = new RolloutService(serviceDeps);
        const templatePlans = new TemplatePlanService(serviceDeps);
        const fleet = new FleetService(
          serviceDeps,
          DatabaseFleetReader.create(await deps.database.getClient()),
        );
        const templateHistory = new TemplateHistoryService(
          serviceDeps,
          DatabaseTemplateHistory.create(await deps.database.getClient()),
        );
        deps.httpRouter.use(
          createRouter({
            service,
            actions,
            rollouts,
            templatePlans,
            fleet,
            templateHistory,
            ownership: new OwnershipTransfer(serviceDeps),
            rebuild: new ClusterRebuild(serviceDeps, service.preflight),
            cost,
            httpAuth: deps.httpAuth,
            logger: deps.logger,
          }),
        );

        // Every replica runs the reconciler; leases in the database keep them off each other's clusters.
        await deps.scheduler.scheduleTask({
          id: 'complete-clusters-reconciler',
          scope: 'local',
          frequency: { seconds: 1 },
          timeout: { minutes: 10 },
          fn: () => reconciler.wake(),
        });
        deps.lifecycle.addShutdownHook(() => reconciler.stop());

        // Prices are asked of Azure again once they are older than the refresh window (daily by default).
        await deps.scheduler.scheduleTask({
          id: 'complete-clusters-prices',
          scope: 'global',
          frequency: { hours: prices.settings.refreshHours },
          timeout: { minutes: 15 },
          initialDelay: { minutes: 1 },
          fn: async () => {
            const r = await prices.refreshAll();
            deps.logger.debug(`Prices refreshed: ${JSON.stringify(r)}`);
          },
        });

        // Day two runs on one replica at a time (global scope, locked in the database).
        const drift = new DriftDetector({
          store,
          clientsFor,
          platform: platformSettings,
          logger: deps.logger.child({ component: 'drift' }),
          deepChecksPerCycle: dayTwo.deepChecksPerCycle,
          onRepair: () => void reconciler.wake(),
          ownerAccess: new OwnerAccessSync({
            store,
            platform: platformSettings,
            logger: deps.logger.child({ component: 'drift' }),
            resolve: cluster =>
              lookupPrincipals(
                serviceDeps,
                cluster.spec,
                cluster.requestedBy,
                cluster.ownerRef,
              ),
          }),
        });
        await deps.scheduler.scheduleTask({
          id: 'complete-clusters-drift',
          scope: 'global',
          ...dayTwo.driftSchedule,
          fn: async () => {
            const report = await drift.runCycle();
            deps.logger.debug(`Drift check: ${JSON.stringify(report)}`);
          },
        });
        const expiry = new ExpiryMonitor({
          store,
          logger: deps.logger,
          onDeletion: () => void reconciler.wake(),
        });
        await deps.scheduler.scheduleTask({
          id: 'complete-clusters-expiry',
          scope: 'global',
          ...dayTwo.expirySchedule,
          fn: async () => void (await expiry.check()),
        });
        const runner = new RolloutRunner({
          store,
          actions,
          catalog: deps.catalog,
          auth: deps.auth,
          logger: deps.logger,
        });
        await deps.scheduler.scheduleTask({
          id: 'complete-clusters-rollouts',
          scope: 'global',
          ...dayTwo.rolloutSchedule,
          fn: () => runner.step(),
        });
        // Each ClusterTemplate version the catalog shows is recorded, for its history.
        await deps.scheduler.scheduleTask({
          id: 'complete-clusters-template-history',
          scope: 'global',
          frequency: { minutes: 1 },
          timeout: { minutes: 1 },
          fn: async () => void (await templateHistory.recordAll()),
        });
        // Old events go; decisions and clusters' records stay for good.
        await deps.scheduler.scheduleTask({
          id: 'complete-clusters-retention',
          scope: 'global',
          ...retention.schedule,
          fn: async () => {
            const pruned = await store.pruneEvents(
              new Date(Date.now() - retention.eventsMs),
            );
            if (pruned > 0)
              deps.logger.info(
                `Pruned ${pruned} cluster events older than the retention (decisions kept)`,
              );
          },
        });
        deps.logger.info(
          `Complete clusters: new clusters go to subscription${
            configuredSubscriptions(azureSettings).length > 1 ? 's' : ''
          } ${configuredSubscriptions(azureSettings).join(', ')} at ${
            azureSettings.endpoint ?? 'Azure public cloud'
          } (${
            azureSettings.credential.type === 'default'
              ? 'DefaultAzureCredential'
              : 'configured access token'
          })`,
        );
      },
    });
  },
});
