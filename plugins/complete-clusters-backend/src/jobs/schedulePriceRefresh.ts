import type {
  LoggerService,
  SchedulerService,
} from '@backstage/backend-plugin-api';
import type { PriceBook } from '../service/cost/PriceBook';

/**
 * Prices are asked of Azure again once they are older than the refresh
 * window (daily by default), on one replica at a time.
 */
export async function schedulePriceRefresh(deps: {
  scheduler: SchedulerService;
  logger: LoggerService;
  prices: Pick<PriceBook, 'settings' | 'refreshAll'>;
}): Promise<void> {
  const { prices } = deps;
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
}
