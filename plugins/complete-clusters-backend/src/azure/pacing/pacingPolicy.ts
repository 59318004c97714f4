import type {
  PipelinePolicy,
  PipelineRequest,
} from '@azure/core-rest-pipeline';
import { bucketsOf } from './pacingBuckets';
import type { SubscriptionPacer } from './SubscriptionPacer';

/**
 * The subscription's budget is spent for now: the request was not sent.
 * Like a 429 it is a reason to wait, not a failure, but no request to Azure
 * was spent on learning it.
 */
export class PacedError extends Error {
  readonly name = 'PacedError';

  constructor(readonly subscriptionId: string, readonly waitMs: number) {
    super(
      `The portal paces its requests to Azure's limits in subscription ${subscriptionId}; the next token comes in ${Math.ceil(
        waitMs / 1000,
      )} s.`,
    );
  }
}

/** Waits `ms`, or rejects as the SDK does when the request is aborted first. */
function sleep(
  ms: number,
  signal: PipelineRequest['abortSignal'],
): Promise<void> {
  const aborted = () => {
    const error = new Error('The operation was aborted.');
    error.name = 'AbortError';
    return error;
  };
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(aborted());
      return;
    }
    let timer: ReturnType<typeof setTimeout> | undefined = undefined;
    const onAbort = () => {
      clearTimeout(timer);
      reject(aborted());
    };
    timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/**
 * Takes a token of the request's subscription from every bucket it counts
 * against before sending it: a short wait is waited here, a longer one ends
 * the request with {@link PacedError} so that the engine's step gives its
 * worker back and comes again when the budget allows.
 */
export function pacingPolicy(
  pacer: SubscriptionPacer,
  maxInlineWaitMs: number,
): PipelinePolicy {
  return {
    name: 'completeClustersPacing',
    async sendRequest(request, next) {
      const counted = bucketsOf(request.method, request.url);
      if (counted) {
        for (;;) {
          const waitMs = await pacer.take(
            counted.subscriptionId,
            counted.buckets,
          );
          if (waitMs === 0) break;
          if (waitMs > maxInlineWaitMs)
            throw new PacedError(counted.subscriptionId, waitMs);
          await sleep(waitMs, request.abortSignal);
        }
      }
      return next(request);
    },
  };
}
