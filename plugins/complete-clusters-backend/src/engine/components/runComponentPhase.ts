import type { ClusterRecord } from '../../database/types';
import { advance, PhaseDeps, PhaseOutcome } from '../phaseOutcome';
import { phaseContext, Phase } from './steps/context';
import { summary } from './steps/messages';
import {
  allInPlace,
  inFlight,
  missingDependency,
  nextLeftover,
  planStep,
  startable,
} from './steps/planStep';
import { pollStep } from './steps/pollStep';
import { pollRemovals, removeStep } from './steps/removeStep';
import { startStep } from './steps/startStep';

const NEXT = { Policies: 'Applications', Applications: 'Ready' } as const;

/**
 * One step of the Policies or Applications phase. Components are installed
 * in plan order, each once its dependencies are in place; independent
 * long-running ones (one Flux configuration per application) run side by
 * side. A component counts as installed only with the very Azure call the
 * plan has now, so a new template version re-applies what changed, and what
 * the plan no longer has is removed. A step makes one Azure write, or one
 * read per operation in flight, and records where each component stands, so
 * any replica can take the next step, and a retry after a failure resumes at
 * the component that failed.
 *
 * The step units, in the order they are tried: plan (`steps/planStep`),
 * remove a leftover (`steps/removeStep`), advance when all is in place,
 * start a component (`steps/startStep`), poll what is in flight (removals,
 * then `steps/pollStep`).
 */
export async function runComponentPhase(
  deps: PhaseDeps,
  cluster: ClusterRecord,
  phase: Phase,
): Promise<PhaseOutcome> {
  const planned = await planStep(deps, cluster, phase);
  if ('outcome' in planned) return planned.outcome;
  const ctx = phaseContext(deps, cluster, phase, planned.plan);

  // What the plan no longer has goes first, one write per step.
  const leftover = nextLeftover(ctx);
  if (leftover) return removeStep(ctx, leftover);

  if (allInPlace(ctx)) {
    return advance(
      deps,
      cluster,
      NEXT[phase],
      summary(phase, ctx.components, cluster),
    );
  }

  const next = startable(ctx);
  if (next) return startStep(ctx, next);

  const { removals, operations } = inFlight(ctx);
  if (operations.length === 0 && removals.length === 0) {
    // Nothing to start and nothing running: a dependency outside this phase is missing.
    const { blocked, error } = missingDependency(ctx);
    return ctx.failed(blocked, error, false);
  }
  const polled = await pollRemovals(ctx, removals);
  if ('outcome' in polled) return polled.outcome;
  return pollStep(ctx, operations, polled.finished);
}
