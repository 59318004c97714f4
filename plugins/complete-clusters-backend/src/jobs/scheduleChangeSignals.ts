import type {
  LoggerService,
  SchedulerService,
} from '@backstage/backend-plugin-api';
import type { SignalsService } from '@backstage/plugin-signals-node';
import type { ClusterRequestStore } from '../database/stores';
import { ClusterChangeSignals } from '../signals/ClusterChangeSignals';

/**
 * Signals each cluster change to its owner and requester, looking every
 * second on every replica: each replica reads every change from the database
 * and tells the browsers connected to it, so no events bus shared by the
 * replicas is needed. One indexed query a second when nothing changed.
 */
export async function scheduleChangeSignals(deps: {
  scheduler: SchedulerService;
  logger: LoggerService;
  store: Pick<ClusterRequestStore, 'listClusterPage'>;
  signals: SignalsService;
}): Promise<void> {
  const notifier = new ClusterChangeSignals(
    deps.store,
    deps.signals,
    deps.logger,
  );
  await deps.scheduler.scheduleTask({
    id: 'complete-clusters-change-signals',
    scope: 'local',
    frequency: { seconds: 1 },
    timeout: { seconds: 30 },
    fn: async () => void (await notifier.publishChanges()),
  });
}
