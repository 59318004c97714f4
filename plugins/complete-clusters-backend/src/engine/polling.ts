import type { EngineSettings } from '../config/readCompleteClustersConfig';

/** The floor under Azure's Retry-After unless configured (`completeClusters.engine.minPollIntervalMs`). */
export const DEFAULT_MIN_POLL_INTERVAL_MS = 1000;

/**
 * How long to wait before the next read of an operation: the Retry-After
 * Azure sent with its last answer, never sooner than the configured floor;
 * the configured poll interval when Azure did not say.
 */
export function nextPollMs(
  settings: Pick<EngineSettings, 'pollIntervalMs' | 'minPollIntervalMs'>,
  retryAfterMs: number | undefined,
): number {
  if (retryAfterMs === undefined) return settings.pollIntervalMs;
  return Math.max(
    retryAfterMs,
    settings.minPollIntervalMs ?? DEFAULT_MIN_POLL_INTERVAL_MS,
  );
}
