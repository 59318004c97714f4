import { AsyncLocalStorage } from 'async_hooks';
import type { PipelinePolicy } from '@azure/core-rest-pipeline';

/**
 * When Azure asks to be polled again. ARM sends `Retry-After` (seconds, or
 * an HTTP date) on a long-running operation's responses while it runs; some
 * services send `retry-after-ms` / `x-ms-retry-after-ms` instead.
 */
export function retryAfterFromHeaders(headers: {
  get(name: string): string | undefined;
}): number | undefined {
  for (const name of ['retry-after-ms', 'x-ms-retry-after-ms']) {
    const ms = Number(headers.get(name));
    if (headers.get(name) && Number.isFinite(ms) && ms >= 0) return ms;
  }
  const value = headers.get('retry-after');
  if (!value) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds))
    return seconds >= 0 ? seconds * 1000 : undefined;
  const date = Date.parse(value);
  return Number.isFinite(date) ? Math.max(date - Date.now(), 0) : undefined;
}

interface Capture {
  retryAfterMs?: number;
}

const captures = new AsyncLocalStorage<Capture>();

/**
 * Records the Retry-After of every Azure response inside {@link withRetryAfter}:
 * the SDK's pollers keep it to themselves, and the engine polls between steps
 * (persisted, any replica), not inside the SDK's wait loop.
 */
export const retryAfterPolicy: PipelinePolicy = {
  name: 'completeClustersRetryAfter',
  async sendRequest(request, next) {
    const response = await next(request);
    const capture = captures.getStore();
    if (capture) capture.retryAfterMs = retryAfterFromHeaders(response.headers);
    return response;
  },
};

/**
 * Runs Azure calls and hands back, with their value, the Retry-After of the
 * last response they received (undefined when it carried none).
 */
export async function withRetryAfter<T>(
  run: () => Promise<T>,
): Promise<{ value: T; retryAfterMs?: number }> {
  const capture: Capture = {};
  const value = await captures.run(capture, run);
  return { value, retryAfterMs: capture.retryAfterMs };
}
