import type {
  LifecycleService,
  SchedulerService,
} from '@backstage/backend-plugin-api';
import type { Reconciler } from '../engine/Reconciler';

/**
 * Every replica runs the reconciler, every second; leases in the database
 * keep them off each other's clusters. Stopped when the backend shuts down.
 */
export async function scheduleReconciler(deps: {
  scheduler: SchedulerService;
  lifecycle: LifecycleService;
  reconciler: Pick<Reconciler, 'wake' | 'stop'>;
}): Promise<void> {
  const { reconciler } = deps;
  await deps.scheduler.scheduleTask({
    id: 'complete-clusters-reconciler',
    scope: 'local',
    frequency: { seconds: 1 },
    timeout: { minutes: 10 },
    fn: () => reconciler.wake(),
  });
  deps.lifecycle.addShutdownHook(() => reconciler.stop());
}
