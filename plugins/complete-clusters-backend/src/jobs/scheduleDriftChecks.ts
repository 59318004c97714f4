import type {
  LoggerService,
  SchedulerService,
} from '@backstage/backend-plugin-api';
import type { AzureClients } from '../azure/createAzureClients';
import type {
  DayTwoSettings,
  PlatformSettings,
} from '../config/readCompleteClustersConfig';
import {
  DriftDetector,
  DriftDetectorStore,
} from '../engine/drift/DriftDetector';
import {
  OwnerAccessSync,
  OwnerAccessSyncStore,
} from '../engine/drift/OwnerAccessSync';
import { principalsFromCatalog } from '../service/principalsFromCatalog';
import type { ServiceDeps } from '../service/serviceDeps';

/**
 * The drift check of every Ready cluster, on one replica at a time (global
 * scope, locked in the database): records drift, starts repairs, and keeps
 * the grants that follow a cluster's ownership in step with the catalog.
 */
export async function scheduleDriftChecks(
  deps: Pick<ServiceDeps, 'auth' | 'catalog' | 'principalOverrides'> & {
    scheduler: SchedulerService;
    logger: LoggerService;
    store: DriftDetectorStore & OwnerAccessSyncStore;
    clientsFor: (subscriptionId: string) => AzureClients;
    platform: PlatformSettings;
    settings: Pick<DayTwoSettings, 'driftSchedule' | 'deepChecksPerCycle'>;
    /** Called when a repair was started, so the engine picks it up at once. */
    onRepair: () => void;
  },
): Promise<void> {
  const { store, platform } = deps;
  const drift = new DriftDetector({
    store,
    clientsFor: deps.clientsFor,
    platform,
    logger: deps.logger.child({ component: 'drift' }),
    deepChecksPerCycle: deps.settings.deepChecksPerCycle,
    onRepair: deps.onRepair,
    ownerAccess: new OwnerAccessSync({
      store,
      platform,
      logger: deps.logger.child({ component: 'drift' }),
      resolve: cluster =>
        principalsFromCatalog(
          deps,
          cluster.spec,
          cluster.requestedBy,
          cluster.ownerRef,
        ),
    }),
  });
  await deps.scheduler.scheduleTask({
    id: 'complete-clusters-drift',
    scope: 'global',
    ...deps.settings.driftSchedule,
    fn: async () => {
      const report = await drift.runCycle();
      deps.logger.debug(`Drift check: ${JSON.stringify(report)}`);
    },
  });
}
