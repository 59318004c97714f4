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

/** A request whose worst case exceeds its template's budget, where the template refuses it (409, code OverBudget). */
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
  const budget = spec.budget;
  if (!budget) return { over: false };
  const limit = amount(budget.monthly, budget.currency);
  let why: string | undefined;
  let estimate: CostEstimate | undefined;
  if (!cost) {
    why = `its cost cannot be estimated: the portal has no prices configured, so it cannot be shown to be within the budget of ${limit} a month`;
  } else {
    estimate = await cost.estimate(spec);
    if (estimate.currency !== budget.currency) {
      why = `the portal prices in ${estimate.currency} and the template's budget is in ${budget.currency}, so the worst case cannot be compared with the budget of ${limit} a month`;
    } else if (estimate.worstCaseMonthly === null) {
      why = `its worst case cannot be priced (${estimate.missing.join(
        ' ',
      )}), so it cannot be shown to be within the budget of ${limit} a month`;
    } else if (estimate.worstCaseMonthly > budget.monthly) {
      const pools = estimate.pools
        .map(
          p =>
            `${p.name}: ${p.maxNodes} × ${p.vmSize} = ${amount(
              p.worstCaseMonthly ?? 0,
              estimate!.currency,
            )}`,
        )
        .join('; ');
      why = `its worst case costs ${amount(
        estimate.worstCaseMonthly,
        estimate.currency,
      )} a month (${pools}; 730 hours), over the template's budget of ${limit} a month`;
    }
  }
  if (!why) return { over: false };
  if (budget.overBudget === 'refuse')
    throw new OverBudgetError(
      `The request is refused: ${why}. Lower the largest node counts (a smaller autoscale maximum, where the template lets you), or ask the template's owner ${spec.owner} for a larger budget.`,
      estimate,
    );
  return {
    over: true,
    needsApproval: true,
    reason: `Over budget: ${why}; it needs approval by a member of ${spec.approval?.approvers}`,
  };
}
