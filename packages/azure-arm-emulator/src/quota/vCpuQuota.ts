import { findVmSize } from '../catalog/vmSizes';
import { normalizeLocation } from '../catalog/regions';
import { errors } from '../errors';
import { EmulatorContext, StoredResource } from '../server/context';

/** The Azure usage name of the Total Regional vCPUs quota. */
export const TOTAL_REGIONAL = 'cores';

/**
 * The nodes a PUT would leave a pool with. `count` is what AKS creates: the
 * fixed count, or for an autoscaling pool its current/initial count (minCount
 * when the request gives none). `surge` is the extra nodes an upgrade adds for
 * a while (maxSurge), which AKS also counts ("Surge nodes would also consume
 * vcpu quota").
 */
export interface PoolDemand {
  /** Key of the pool in the store (existing or to be). */
  key: string;
  vmSize: unknown;
  count: number;
  surge?: number;
}

export function limitFor(
  ctx: EmulatorContext,
  location: string,
  quotaName: string,
): number {
  const lookup = (loc: string) => {
    const table = Object.entries(ctx.config.quotas ?? {}).find(([l]) =>
      l === '*' ? loc === '*' : normalizeLocation(l) === loc,
    )?.[1];
    if (!table) return undefined;
    const hit = Object.entries(table).find(
      ([name]) => name.toLowerCase() === quotaName.toLowerCase(),
    );
    return typeof hit?.[1] === 'number' ? hit[1] : undefined;
  };
  const fallback =
    quotaName === TOTAL_REGIONAL
      ? ctx.config.defaultQuota.totalRegionalVCpus
      : ctx.config.defaultQuota.familyVCpus;
  return lookup(location) ?? lookup('*') ?? fallback;
}

function poolVCpus(pool: StoredResource) {
  const size = findVmSize(pool.resource.properties?.vmSize);
  const count = Number(pool.resource.properties?.count) || 0;
  return size ? { family: size.family, vCpus: size.vCpus * count } : undefined;
}

/** vCPUs in use by a subscription in a location: per family and in total. */
export function vCpuUsage(
  ctx: EmulatorContext,
  subscriptionId: string,
  location: string,
) {
  const loc = normalizeLocation(location);
  const byFamily = new Map<string, number>();
  let total = 0;
  for (const r of ctx.state.resources.values()) {
    if (
      r.kind !== 'agentPool' ||
      r.subscriptionId.toLowerCase() !== subscriptionId.toLowerCase()
    )
      continue;
    const cluster = r.parentKey
      ? ctx.state.resources.get(r.parentKey)
      : undefined;
    if (
      !cluster ||
      normalizeLocation(String(cluster.resource.location ?? '')) !== loc
    )
      continue;
    const used = poolVCpus(r);
    if (!used) continue;
    byFamily.set(used.family, (byFamily.get(used.family) ?? 0) + used.vCpus);
    total += used.vCpus;
  }
  return { byFamily, total };
}

/**
 * Fails like AKS when the pools of one PUT would take a VM family, or the
 * region, past its vCPU quota. AKS checks the nodes it is about to create, not
 * the autoscaler's maximum: an autoscaling pool that later cannot grow shows
 * it in the cluster autoscaler's events, not as a failed PUT. Only increases
 * are checked, so scaling down and unchanged PUTs always pass.
 */
export function checkVCpuQuota(
  ctx: EmulatorContext,
  subscriptionId: string,
  location: string,
  demands: PoolDemand[],
) {
  const loc = normalizeLocation(location);
  const usage = vCpuUsage(ctx, subscriptionId, loc);
  const increase = new Map<string, number>();
  for (const d of demands) {
    const size = findVmSize(d.vmSize);
    if (!size) continue;
    const existing = ctx.state.resources.get(d.key);
    const before = existing ? poolVCpus(existing) : undefined;
    const now = (d.count + (d.surge ?? 0)) * size.vCpus;
    const delta =
      now - (before && before.family === size.family ? before.vCpus : 0);
    increase.set(size.family, (increase.get(size.family) ?? 0) + delta);
  }
  let totalIncrease = 0;
  for (const [family, delta] of increase) {
    if (delta <= 0) continue;
    totalIncrease += delta;
    const used = usage.byFamily.get(family) ?? 0;
    const limit = limitFor(ctx, loc, family);
    if (used + delta > limit) {
      throw errors.insufficientFamilyQuota(
        delta,
        Math.max(0, limit - used),
        family,
        loc,
      );
    }
  }
  if (totalIncrease > 0) {
    const limit = limitFor(ctx, loc, TOTAL_REGIONAL);
    if (usage.total + totalIncrease > limit) {
      throw errors.insufficientRegionalQuota(
        loc,
        Math.max(0, limit - usage.total),
        totalIncrease,
      );
    }
  }
}

/** Nodes an upgrade adds temporarily: maxSurge as a count or a percentage of the pool (AKS default 10%). */
export function surgeNodes(count: number, maxSurge: unknown): number {
  if (count <= 0) return 0;
  const text =
    typeof maxSurge === 'string' && maxSurge.trim() ? maxSurge.trim() : '10%';
  if (text.endsWith('%')) {
    const percent = Number(text.slice(0, -1));
    return Number.isFinite(percent) && percent > 0
      ? Math.max(1, Math.ceil((count * percent) / 100))
      : 0;
  }
  const n = Number(text);
  return Number.isFinite(n) && n > 0 ? Math.ceil(n) : 0;
}
