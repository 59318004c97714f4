import { normalizeLocation } from '../catalog/regions';
import { errors } from '../errors';
import { EmulatorContext } from '../server/context';

/** Managed clusters a subscription may have in a location: `managedClusterQuota` for it, or for `*`, or the default. */
export function managedClusterLimit(
  ctx: EmulatorContext,
  location: string,
): number {
  const loc = normalizeLocation(location);
  const table = ctx.config.managedClusterQuota ?? {};
  const named = Object.entries(table).find(
    ([l]) => l !== '*' && normalizeLocation(l) === loc,
  )?.[1];
  const value = typeof named === 'number' ? named : table['*'];
  return typeof value === 'number'
    ? value
    : ctx.config.defaultQuota.managedClustersPerRegion;
}

/** The subscription's managed clusters in a location, whatever their state (a cluster being deleted still counts). */
export function managedClustersIn(
  ctx: EmulatorContext,
  subscriptionId: string,
  location: string,
): number {
  const loc = normalizeLocation(location);
  let n = 0;
  for (const r of ctx.state.resources.values()) {
    if (
      r.kind === 'managedCluster' &&
      r.subscriptionId.toLowerCase() === subscriptionId.toLowerCase() &&
      normalizeLocation(String(r.resource.location ?? '')) === loc
    )
      n++;
  }
  return n;
}

/**
 * Refuses, as AKS does, a new managed cluster that would take the
 * subscription past its managed-cluster quota in the location. Updates of an
 * existing cluster are never counted.
 */
export function checkManagedClusterQuota(
  ctx: EmulatorContext,
  subscriptionId: string,
  location: string,
) {
  const limit = managedClusterLimit(ctx, location);
  const used = managedClustersIn(ctx, subscriptionId, location);
  if (used + 1 > limit) throw errors.managedClusterQuotaExceeded(limit, used);
}
