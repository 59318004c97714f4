import { readSchedulerServiceTaskScheduleDefinitionFromConfig } from '@backstage/backend-plugin-api';
import type { SchedulerServiceTaskScheduleDefinition } from '@backstage/backend-plugin-api';
import { readDurationFromConfig } from '@backstage/config';
import type { Config } from '@backstage/config';
import { configError } from './readCompleteClustersConfig';

/** How long the engine keeps what is not a decision. */
export interface RetentionSettings {
  /**
   * How long a cluster's events are kept, unless they record a decision
   * (request, approval, rejection, update, scale, retry, deletion, expiry),
   * which are kept for good, like the cluster's record itself.
   */
  eventsMs: number;
  /** When old events are pruned (default daily). */
  schedule: SchedulerServiceTaskScheduleDefinition;
}

const KEY = 'completeClusters.retention';

const MS = {
  years: 365.25 * 86_400_000,
  months: 30.4375 * 86_400_000,
  weeks: 7 * 86_400_000,
  days: 86_400_000,
  hours: 3_600_000,
  minutes: 60_000,
  seconds: 1000,
  milliseconds: 1,
};

function durationToMilliseconds(
  duration: Partial<Record<keyof typeof MS, number>>,
): number {
  return Object.entries(duration).reduce(
    (sum, [unit, n]) => sum + (n ?? 0) * MS[unit as keyof typeof MS],
    0,
  );
}

/** Reads `completeClusters.retention`: events kept 90 days unless configured. */
export function readRetentionSettings(config: Config): RetentionSettings {
  let eventsMs = durationToMilliseconds({ days: 90 });
  if (config.has(`${KEY}.events`)) {
    try {
      eventsMs = durationToMilliseconds(
        readDurationFromConfig(config, { key: `${KEY}.events` }),
      );
    } catch (e) {
      throw configError(
        `${KEY}.events`,
        (e as Error).message,
        'give a duration such as { days: 90 } or an ISO 8601 duration such as P90D',
      );
    }
    if (!(eventsMs > 0))
      throw configError(
        `${KEY}.events`,
        'it is not longer than zero',
        'give a duration such as { days: 90 }',
      );
  }
  const schedule = config.has(`${KEY}.schedule`)
    ? readSchedulerServiceTaskScheduleDefinitionFromConfig(
        config.getConfig(`${KEY}.schedule`),
      )
    : {
        frequency: { hours: 24 },
        timeout: { minutes: 30 },
        initialDelay: { minutes: 5 },
      };
  return { eventsMs, schedule };
}
