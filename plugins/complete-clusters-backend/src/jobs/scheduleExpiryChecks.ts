import type {
  LoggerService,
  SchedulerService,
  SchedulerServiceTaskScheduleDefinition,
} from '@backstage/backend-plugin-api';
import {
  ExpiryMonitor,
  ExpiryMonitorStore,
} from '../engine/lifecycle/ExpiryMonitor';

/** Time-to-live warnings and expiries, on one replica at a time. */
export async function scheduleExpiryChecks(deps: {
  scheduler: SchedulerService;
  logger: LoggerService;
  store: ExpiryMonitorStore;
  schedule: SchedulerServiceTaskScheduleDefinition;
  /** Called when a deletion was asked for, so the engine starts at once. */
  onDeletion: () => void;
}): Promise<void> {
  const expiry = new ExpiryMonitor({
    store: deps.store,
    logger: deps.logger,
    onDeletion: deps.onDeletion,
  });
  await deps.scheduler.scheduleTask({
    id: 'complete-clusters-expiry',
    scope: 'global',
    ...deps.schedule,
    fn: async () => void (await expiry.check()),
  });
}
