/**
 * One node pool of a cost estimate: its VM size's hourly Linux
 * pay-as-you-go price times its nodes, over a month of 730 hours.
 * @public
 */
export interface PoolCost {
  name: string;
  vmSize: string;
  /** Nodes at the minimum size: the fixed count, or the autoscale minimum. */
  minNodes: number;
  /** Nodes at the worst case: the fixed count, or the autoscale maximum. */
  maxNodes: number;
  /** Price of one node an hour; null when Azure lists no price for this size in the region and currency. */
  hourlyPrice: number | null;
  minimumMonthly: number | null;
  worstCaseMonthly: number | null;
  /** When the price was fetched (ISO 8601). */
  pricedAt?: string;
  /** True when the price is older than the refresh window (still used). */
  stale?: boolean;
  /** Why there is no price, when there is none. */
  missing?: string;
  /** A running cluster's estimate only: the nodes Azure reports the pool runs now (null: Azure lists no such pool). */
  nodes?: number | null;
  /** A running cluster's estimate only: the pool's monthly cost at `nodes`. */
  currentMonthly?: number | null;
}

/**
 * An AKS add-on the template installs, and what the estimate counts for it.
 * @public
 */
export interface AddonCost {
  /** The application's name in the template. */
  name: string;
  /** The add-on, e.g. `container-insights`. */
  addon: string;
  /** Counted in the totals a month; null when it is not priced (never counted as 0). */
  monthly: number | null;
  /** Why it is priced so, or not at all. */
  note: string;
}

/**
 * The monthly cost of a cluster (`GET /templates/:namespace/:name/cost`, and
 * `cost` in the pre-flight answer): at its minimum size and at its worst case.
 * @public
 */
export interface CostEstimate {
  currency: string;
  /** Hours in the month the estimate counts (730). */
  hoursPerMonth: number;
  location: string;
  pools: PoolCost[];
  /** AKS's tier: Free charges nothing for the control plane. */
  tier: { name: 'Free'; monthly: number };
  /** Totals; null when any pool has no price (never counted as 0). */
  minimumMonthly: number | null;
  worstCaseMonthly: number | null;
  /** What could not be priced, one sentence each. */
  missing: string[];
  /** The AKS add-ons the template installs, each with what is counted for it (none is in the totals yet). */
  addons?: AddonCost[];
  /** The oldest price used (ISO 8601), and whether any is older than the refresh window. */
  pricedAt?: string;
  stale: boolean;
}

/**
 * A cluster's monthly cost (`GET /clusters/:name/cost`): the estimate of its
 * template and answers at minimum size and worst case, and what it costs now
 * at the node counts Azure reports for its pools.
 * @public
 */
export interface ClusterCost extends CostEstimate {
  /** The cluster's name. */
  name: string;
  /** At each pool's current node count; null when the counts could not be read or a size has no price. */
  currentMonthly: number | null;
  /** When the node counts were read from Azure (ISO 8601). */
  nodesReadAt?: string;
  /** Why there are no current node counts, when there are none. */
  nodesUnavailable?: string;
}
