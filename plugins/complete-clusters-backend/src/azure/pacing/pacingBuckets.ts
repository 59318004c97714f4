/**
 * The limits Azure counts a subscription's requests against, which the
 * portal paces itself to: ARM's token buckets per subscription (reads,
 * writes, deletes; "Understand how Azure Resource Manager throttles
 * requests") and AKS's bucket for the status reads of its operations
 * ("Throttling limits on AKS resource provider APIs"): the status reads of
 * its operations, lists of the subscription's managed clusters, and its
 * other requests (Kubernetes versions, pool lists, credentials) per
 * subscription. AKS's per-cluster limits (a cluster's PUTs and GETs) are
 * far from what one cluster's work asks; the engine paces a cluster's PUTs.
 */
export type PacingBucket =
  | 'reads'
  | 'writes'
  | 'deletes'
  | 'aksOperationStatus'
  | 'aksSubscriptionClusterLists'
  | 'aksOther';

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
  aksSubscriptionClusterLists: { capacity: 500, refillPerSecond: 1 },
  aksOther: { capacity: 60, refillPerSecond: 1 },
};

const SUBSCRIPTION = /^\/subscriptions\/([^/]+)/i;
const AKS = /\/providers\/microsoft\.containerservice\//i;
const AKS_OPERATION =
  /\/providers\/microsoft\.containerservice\/locations\/[^/]+\/(operations|operationresults)\//i;
/**
 * Extensions, Flux configurations, and role and policy assignments live under
 * a managed cluster (or a namespace of it) but belong to another resource
 * provider, which AKS does not count.
 */
const OTHER_PROVIDER_UNDER_AKS =
  /\/providers\/microsoft\.containerservice\/managedclusters\/[^/]+\/(?:[^/]+\/[^/]+\/)*providers\//i;
const CLUSTER_LIST_IN_SUBSCRIPTION =
  /^\/subscriptions\/[^/]+\/providers\/microsoft\.containerservice\/managedclusters\/?$/i;
const CLUSTER_LIST_IN_GROUP =
  /^\/subscriptions\/[^/]+\/resourcegroups\/[^/]+\/providers\/microsoft\.containerservice\/managedclusters\/?$/i;
const CLUSTER = /\/managedclusters\/[^/]+\/?$/i;
const AGENT_POOL = /\/managedclusters\/[^/]+\/agentpools\/[^/]+\/?$/i;

/** AKS's own per-subscription bucket for a request to its API, if it counts in one. */
function aksBucketOf(verb: string, path: string): PacingBucket | undefined {
  if (!AKS.test(path) || OTHER_PROVIDER_UNDER_AKS.test(path)) return undefined;
  if (AKS_OPERATION.test(path)) return 'aksOperationStatus';
  if (CLUSTER_LIST_IN_SUBSCRIPTION.test(path))
    return 'aksSubscriptionClusterLists';
  // Counted per cluster, pool or resource group by AKS, not per subscription.
  if (CLUSTER_LIST_IN_GROUP.test(path)) return undefined;
  if (CLUSTER.test(path) && ['GET', 'HEAD', 'PUT'].includes(verb))
    return undefined;
  if (AGENT_POOL.test(path) && verb === 'PUT') return undefined;
  return 'aksOther';
}

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
  const aks = aksBucketOf(verb, path);
  if (aks) buckets.push(aks);
  return { subscriptionId: subscription[1].toLowerCase(), buckets };
}
