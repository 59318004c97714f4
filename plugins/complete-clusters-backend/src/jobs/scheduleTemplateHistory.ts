import type { SchedulerService } from '@backstage/backend-plugin-api';
import { TemplateVersionRecorder } from '../service/templateHistory/TemplateVersionRecorder';

/**
 * Each ClusterTemplate version the catalog shows is recorded, for its
 * history, every minute on one replica at a time.
 */
export async function scheduleTemplateHistory(
  deps: ConstructorParameters<typeof TemplateVersionRecorder>[0] & {
    scheduler: SchedulerService;
  },
): Promise<void> {
  const { scheduler, ...recorderDeps } = deps;
  const recorder = new TemplateVersionRecorder(recorderDeps);
  await scheduler.scheduleTask({
    id: 'complete-clusters-template-history',
    scope: 'global',
    frequency: { minutes: 1 },
    timeout: { minutes: 1 },
    fn: async () => void (await recorder.recordAll()),
  });
}
