import { ConflictError } from '@backstage/errors';
import type {
  ClusterTemplateSpec,
  CostEstimate,
} from '@complete-clusters/plugin-complete-clusters-common';
import type { CostService } from './CostService';

const amount = (n: number, currency: string) =>
  `${n.toLocaleString('en-US', {
    minimumFractionDigits: 2,
    maximumFractionDigits: 2,
  })} ${currency}`;

/** A request whose worst case exceeds its template's budget where the template refuses it, or a scale or rebuild that would exceed it (409, code OverBudget). */
export class OverBudgetError extends ConflictError {
  readonly code = 'OverBudget';
  constructor(message: string, readonly estimate?: CostEstimate) {
    super(message);
  }
}

/** What a template's budget says of a request: nothing to say, or it needs approval and why. */
export type BudgetVerdict =
  | { over: false }
  | { over: true; needsApproval: true; reason: string };

/** Why a spec's worst case is not within its template's budget (undefined: it is, or there is no budget), with the estimate it was priced at. */
async function overBudget(
  spec: ClusterTemplateSpec,
  cost: CostService | undefined,
): Promise<{ why?: string; estimate?: CostEstimate }> {
  const budget = spec.budget;
  if (!budget) return {};
  const limit = amount(budget.monthly, budget.currency);
  if (!cost)
    return {
      why: `its cost cannot be estimated: the portal has no prices configured, so it cannot be shown to be within the budget of ${limit} a month`,
    };
  const estimate = await cost.estimate(spec);
  if (estimate.currency !== budget.currency)
    return {
      why: `the portal prices in ${estimate.currency} and the template's budget is in ${budget.currency}, so the worst case cannot be compared with the budget of ${limit} a month`,
      estimate,
    };
  if (estimate.worstCaseMonthly === null)
    return {
      why: `its worst case cannot be priced (${estimate.missing.join(
        ' ',
      )}), so it cannot be shown to be within the budget of ${limit} a month`,
      estimate,
    };
  if (estimate.worstCaseMonthly > budget.monthly) {
    const pools = estimate.pools
      .map(
        p =>
          `${p.name}: ${p.maxNodes} × ${p.vmSize} = ${amount(
            p.worstCaseMonthly ?? 0,
            estimate.currency,
          )}`,
      )
      .join('; ');
    return {
      why: `its worst case costs ${amount(
        estimate.worstCaseMonthly,
        estimate.currency,
      )} a month (${pools}; 730 hours), over the template's budget of ${limit} a month`,
      estimate,
    };
  }
  return { estimate };
}

/** The one wording of a refusal over budget: what is refused, why (the figures), and the fix. */
function refusal(
  what: string,
  why: string,
  fix: string,
  estimate: CostEstimate | undefined,
): OverBudgetError {
  return new OverBudgetError(`${what} is refused: ${why}. ${fix}`, estimate);
}

/**
 * Checks a request's worst-case monthly estimate against `spec.budget`.
 * Over budget (or when the worst case cannot be priced, which is not taken
 * as within budget): refused with the figures (`overBudget: refuse`), or it
 * needs approval (`overBudget: approve`).
 */
export async function checkBudget(
  spec: ClusterTemplateSpec,
  cost: CostService | undefined,
): Promise<BudgetVerdict> {
  const { why, estimate } = await overBudget(spec, cost);
  if (!why) return { over: false };
  if (spec.budget!.overBudget === 'refuse')
    throw refusal(
      'The request',
      why,
      `Lower the largest node counts (a smaller autoscale maximum, where the template lets you), or ask the template's owner ${spec.owner} for a larger budget.`,
      estimate,
    );
  return {
    over: true,
    needsApproval: true,
    reason: `Over budget: ${why}; it needs approval by a member of ${spec.approval?.approvers}`,
  };
}

/**
 * Checks a change of a built cluster (a scale, a rebuild in another region)
 * against its template's budget before anything is recorded: the same check
 * as a request's, on the spec the change would give. Over budget it is
 * refused (409, code OverBudget) with the same figures, whatever
 * `overBudget` says: a change has no approval step. A change that does not
 * raise the worst case (a cluster approved over budget scaled down, or
 * rebuilt where it costs no more) is let through.
 */
export async function enforceBudgetOfChange(
  change: {
    /** What is refused, as the message's subject: "The scale of cluster x (…)". */
    what: string;
    kind: 'scale' | 'rebuild';
    /** The first fix, before asking the template's owner. */
    fix: string;
  },
  spec: ClusterTemplateSpec,
  current: ClusterTemplateSpec,
  cost: CostService | undefined,
): Promise<void> {
  const { why, estimate } = await overBudget(spec, cost);
  if (!why) return;
  const worst = estimate?.worstCaseMonthly;
  if (cost && estimate && typeof worst === 'number') {
    const now = await cost.estimate(current);
    if (
      now.currency === estimate.currency &&
      now.worstCaseMonthly !== null &&
      worst <= now.worstCaseMonthly
    )
      return;
  }
  throw refusal(
    change.what,
    why,
    `There is no approval step for a ${change.kind}, whatever the template's overBudget says. Fix: ${change.fix}, or ask the template's owner ${spec.owner} for a larger budget.`,
    estimate,
  );
}
