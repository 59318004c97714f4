/**
 * The limits Azure counts a subscription's requests against, which the
 * portal paces itself to: ARM's token buckets per subscription (reads,
 * writes, deletes; "Understand how Azure Resource Manager throttles
 * requests") and AKS's bucket for the status reads of its operations
 * ("Throttling limits on AKS resource provider APIs"). Per-cluster AKS
 * limits (a cluster's PUTs) are paced per cluster by the engine itself.
 */
export type PacingBucket =
  | 'reads'
  | 'writes'
  | 'deletes'
  | 'aksOperationStatus';

/** A token bucket: how many requests at once, and how many a second after that. */
export interface BucketLimit {
  capacity: number;
  refillPerSecond: number;
}

/** The published figures, per subscription (and region, for ARM's). */
export const PUBLISHED_LIMITS: Record<PacingBucket, BucketLimit> = {
  reads: { capacity: 250, refillPerSecond: 25 },
  writes: { capacity: 200, refillPerSecond: 10 },
  deletes: { capacity: 200, refillPerSecond: 10 },
  aksOperationStatus: { capacity: 200, refillPerSecond: 2 },
};

const SUBSCRIPTION = /^\/subscriptions\/([^/]+)/i;
const AKS_OPERATION =
  /\/providers\/microsoft\.containerservice\/locations\/[^/]+\/(operations|operationresults)\//i;

/**
 * The subscription a request to ARM is counted in and the buckets it takes
 * from; none for requests outside a subscription (the Retail Prices API,
 * tenant-level reads).
 */
export function bucketsOf(
  method: string,
  url: string,
): { subscriptionId: string; buckets: PacingBucket[] } | undefined {
  let path: string;
  try {
    path = new URL(url).pathname;
  } catch {
    return undefined;
  }
  const subscription = SUBSCRIPTION.exec(path);
  if (!subscription) return undefined;
  const verb = method.toUpperCase();
  let arm: PacingBucket = 'writes';
  if (verb === 'GET' || verb === 'HEAD') arm = 'reads';
  else if (verb === 'DELETE') arm = 'deletes';
  const buckets: PacingBucket[] = [arm];
  if (AKS_OPERATION.test(path)) buckets.push('aksOperationStatus');
  return { subscriptionId: subscription[1].toLowerCase(), buckets };
}
