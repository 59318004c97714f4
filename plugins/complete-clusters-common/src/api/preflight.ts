import type { CostEstimate } from './cost';

/**
 * How one pre-flight check came out: `unknown` when Azure could not be
 * asked (throttled, unreachable); it does not stop a request.
 * @public
 */
export type PreflightStatus = 'pass' | 'fail' | 'unknown';

/**
 * One pre-flight check of a request against Azure, before anything is made.
 * @public
 */
export interface PreflightCheck {
  /** Stable id, e.g. `vm-size:gpu`, `quota:standardNCADSA100v4Family`, `quota:cores`, `kubernetes-version`, `name`. */
  id: string;
  /** What was checked, e.g. "A100 family vCPU quota in southeastasia". */
  title: string;
  status: PreflightStatus;
  /** What was found, with the figures, e.g. "standardNCADSA100v4Family: 96 vCPUs needed at 4 nodes, 48 free of 48". */
  detail: string;
  /** When it fails: what to change (a smaller maximum, another region the template allows, the quota request link). */
  fix?: string;
}

/**
 * The pre-flight checks of a request (`POST /preflight`).
 * @public
 */
export interface PreflightResult {
  /** False when any check failed: a request with these answers is refused. */
  ok: boolean;
  /** When Azure was asked (ISO 8601). */
  checkedAt: string;
  /** The region and subscription the request would use. */
  location: string;
  subscriptionId: string;
  checks: PreflightCheck[];
  /** The request's monthly cost at its minimum size and worst case, when prices could be read. */
  cost?: CostEstimate;
  /** ARM reads the checks made, and how long they took. */
  armReads: number;
  durationMs: number;
}
