import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { signalsServiceRef } from '@backstage/plugin-signals-node';
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
import { OwnershipTransfer } from './service/ownership/OwnershipTransfer';
import { ClusterRebuild } from './service/rebuild/ClusterRebuild';
import { DayTwoService } from './service/DayTwoService';
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
import { ClusterUpdater } from './service/updates/ClusterUpdater';
import { scheduleReconciler } from './jobs/scheduleReconciler';
import { schedulePriceRefresh } from './jobs/schedulePriceRefresh';
import { scheduleDriftChecks } from './jobs/scheduleDriftChecks';
import { scheduleExpiryChecks } from './jobs/scheduleExpiryChecks';
import { scheduleRollouts } from './jobs/scheduleRollouts';
import { scheduleTemplateHistory } from './jobs/scheduleTemplateHistory';
import { scheduleEventRetention } from './jobs/scheduleEventRetention';
import { scheduleChangeSignals } from './jobs/scheduleChangeSignals';

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
        signals: signalsServiceRef,
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
        const actions = new DayTwoService(serviceDeps);
        const rollouts = new RolloutService(serviceDeps);
        const templatePlans = new TemplatePlanService(serviceDeps);
        const fleet = new FleetService(
          serviceDeps,
          DatabaseFleetReader.create(await deps.database.getClient()),
        );
        const templateHistoryStore = DatabaseTemplateHistory.create(
          await deps.database.getClient(),
        );
        const templateHistory = new TemplateHistoryService(
          serviceDeps,
          templateHistoryStore,
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

        // The scheduled jobs (src/jobs), each given only what it uses.
        const { scheduler, lifecycle, logger, auth, catalog } = deps;
        await scheduleReconciler({ scheduler, lifecycle, reconciler });
        await schedulePriceRefresh({ scheduler, logger, prices });
        await scheduleDriftChecks({
          scheduler,
          logger,
          auth,
          catalog,
          principalOverrides,
          store,
          clientsFor,
          platform: platformSettings,
          settings: dayTwo,
          onRepair: () => void reconciler.wake(),
        });
        await scheduleExpiryChecks({
          scheduler,
          logger,
          store,
          schedule: dayTwo.expirySchedule,
          onDeletion: () => void reconciler.wake(),
        });
        await scheduleRollouts({
          scheduler,
          logger,
          auth,
          store,
          updater: new ClusterUpdater(serviceDeps),
          schedule: dayTwo.rolloutSchedule,
        });
        await scheduleTemplateHistory({
          scheduler,
          logger,
          auth,
          catalog,
          history: templateHistoryStore,
        });
        await scheduleEventRetention({ scheduler, logger, store, retention });
        await scheduleChangeSignals({
          scheduler,
          logger,
          store,
          signals: deps.signals,
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
