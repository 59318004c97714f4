import type {
  LoggerService,
  SchedulerService,
} from '@backstage/backend-plugin-api';
import type { RetentionSettings } from '../config/readRetentionSettings';
import type { ClusterEventStore } from '../database/stores';

/**
 * Old events go, on one replica at a time; decisions and clusters' records
 * stay for good.
 */
export async function scheduleEventRetention(deps: {
  scheduler: SchedulerService;
  logger: LoggerService;
  store: Pick<ClusterEventStore, 'pruneEvents'>;
  retention: RetentionSettings;
}): Promise<void> {
  const { store, retention, logger } = deps;
  await deps.scheduler.scheduleTask({
    id: 'complete-clusters-retention',
    scope: 'global',
    ...retention.schedule,
    fn: async () => {
      const pruned = await store.pruneEvents(
        new Date(Date.now() - retention.eventsMs),
      );
      if (pruned > 0)
        logger.info(
          `Pruned ${pruned} cluster events older than the retention (decisions kept)`,
        );
    },
  });
}
