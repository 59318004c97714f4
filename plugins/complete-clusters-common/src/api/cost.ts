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
  /** The oldest price used (ISO 8601), and whether any is older than the refresh window. */
  pricedAt?: string;
  stale: boolean;
}
