import type {
  SchedulerService,
  SchedulerServiceTaskScheduleDefinition,
} from '@backstage/backend-plugin-api';
import { RolloutRunner } from '../service/rollouts/RolloutRunner';
import type { RolloutRunnerDeps } from '../service/rollouts/RolloutRunner';

/**
 * Running rollouts move on to their next cluster, on one replica at a time.
 * The runner starts updates as the plugin itself: who started the rollout
 * was checked when it was asked for.
 */
export async function scheduleRollouts(
  deps: RolloutRunnerDeps & {
    scheduler: SchedulerService;
    schedule: SchedulerServiceTaskScheduleDefinition;
  },
): Promise<void> {
  const { scheduler, schedule, ...runnerDeps } = deps;
  const runner = new RolloutRunner(runnerDeps);
  await scheduler.scheduleTask({
    id: 'complete-clusters-rollouts',
    scope: 'global',
    ...schedule,
    fn: () => runner.step(),
  });
}
