import type {
  AddonCost,
  ClusterTemplateSpec,
  CostEstimate,
  PoolCost,
} from '@complete-clusters/plugin-complete-clusters-common';
import type { CachedPrice } from './PriceBook';

/**
 * Why an AKS add-on is not in the totals. Each is billed by what the cluster
 * sends, not by the cluster: no figure can be had from the template alone.
 */
const ADDON_NOTES: Record<string, string> = {
  'container-insights':
    'Not priced: Azure bills Container Insights by the GB of logs ingested into Log Analytics (and their retention), which depends on the workloads.',
  'managed-prometheus':
    'Not priced: Azure Monitor bills managed Prometheus by the metric samples ingested and queried, which depend on the workloads.',
  'azure-policy':
    'Not priced: the Retail Prices API lists no meter for the Azure Policy add-on of AKS.',
};

/** The template's AKS add-ons, each with why it is not in the totals. */
function addonCosts(spec: ClusterTemplateSpec): AddonCost[] {
  return (spec.applications ?? []).flatMap(app =>
    app.source.type === 'aks-addon'
      ? [
          {
            name: app.name,
            addon: app.source.addon,
            monthly: null,
            note:
              ADDON_NOTES[app.source.addon] ??
              'Not priced: no meter for it is known.',
          },
        ]
      : [],
  );
}

/** Azure's month for pay-as-you-go estimates: 730 hours. */
export const HOURS_PER_MONTH = 730;

const money = (n: number) => Math.round(n * 100) / 100;

/**
 * The monthly cost of a cluster spec from the price of each pool's VM size
 * (`priceOf` answers a cached or fetched price, or an Error when none could
 * be read): at minimum size (each pool at its count or autoscale minimum)
 * and worst case (each at its count or autoscale maximum). A size with no
 * price makes the totals null, never 0. With `nodesNow` (a running cluster's
 * node count per pool, as Azure reports it) each pool also carries `nodes`
 * and `currentMonthly`, and the estimate its `currentMonthly` total.
 */
export async function estimateCost(
  spec: ClusterTemplateSpec,
  currency: string,
  priceOf: (region: string, vmSize: string) => Promise<CachedPrice | Error>,
  isStale: (p: CachedPrice) => boolean,
  nodesNow?: ReadonlyMap<string, number>,
): Promise<CostEstimate & { currentMonthly?: number | null }> {
  const location = spec.infrastructure.location;
  const missing: string[] = [];
  const pools: PoolCost[] = [];
  let oldest: Date | undefined;
  for (const pool of spec.infrastructure.nodePools) {
    const minNodes = pool.autoscale ? pool.autoscale.min : pool.count ?? 0;
    const maxNodes = pool.autoscale ? pool.autoscale.max : pool.count ?? 0;
    const price = await priceOf(location, pool.vmSize);
    const nodes = nodesNow ? nodesNow.get(pool.name) ?? null : undefined;
    const base = {
      name: pool.name,
      vmSize: pool.vmSize,
      minNodes,
      maxNodes,
      ...(nodes !== undefined ? { nodes } : {}),
    };
    if (price instanceof Error || price.hourly === null) {
      const why =
        price instanceof Error
          ? `prices could not be read (${price.message})`
          : `Azure lists no Linux pay-as-you-go price in ${currency} for ${pool.vmSize} in ${location}`;
      missing.push(`Node pool ${pool.name}: ${why}.`);
      pools.push({
        ...base,
        hourlyPrice: null,
        minimumMonthly: null,
        worstCaseMonthly: null,
        ...(nodes !== undefined ? { currentMonthly: null } : {}),
        missing: why,
        ...(price instanceof Error
          ? {}
          : { pricedAt: price.fetchedAt.toISOString() }),
      });
      continue;
    }
    if (!oldest || price.fetchedAt < oldest) oldest = price.fetchedAt;
    pools.push({
      ...base,
      hourlyPrice: price.hourly,
      minimumMonthly: money(price.hourly * minNodes * HOURS_PER_MONTH),
      worstCaseMonthly: money(price.hourly * maxNodes * HOURS_PER_MONTH),
      ...(nodes !== undefined
        ? {
            currentMonthly:
              nodes === null
                ? null
                : money(price.hourly * nodes * HOURS_PER_MONTH),
          }
        : {}),
      pricedAt: price.fetchedAt.toISOString(),
      stale: isStale(price),
    });
  }
  const complete = missing.length === 0;
  const current = nodesNow
    ? {
        currentMonthly: pools.every(p => typeof p.currentMonthly === 'number')
          ? money(pools.reduce((t, p) => t + (p.currentMonthly ?? 0), 0))
          : null,
      }
    : {};
  const sum = (k: 'minimumMonthly' | 'worstCaseMonthly') =>
    complete ? money(pools.reduce((t, p) => t + (p[k] ?? 0), 0)) : null;
  return {
    currency,
    hoursPerMonth: HOURS_PER_MONTH,
    location,
    pools,
    // The plugin makes clusters in AKS's Free tier: no charge for the control plane.
    tier: { name: 'Free', monthly: 0 },
    minimumMonthly: sum('minimumMonthly'),
    worstCaseMonthly: sum('worstCaseMonthly'),
    ...current,
    missing,
    addons: addonCosts(spec),
    ...(oldest ? { pricedAt: oldest.toISOString() } : {}),
    stale: pools.some(p => p.stale),
  };
}
