import type { ComponentOp } from '../../../database/operationState';
import { azureTimeout, PhaseOutcome } from '../../phaseOutcome';
import { pollRemoval, startRemoval } from '../azureCalls';
import type { Leftover, PhaseContext } from './context';

function isAzureConflictOnRemoval(e: unknown): boolean {
  return (e as { statusCode?: number }).statusCode === 404;
}

/** What the history says once a leftover component is gone. */
function removed(l: Leftover): string {
  return `Removed ${l.label}: the template no longer has it`;
}

/**
 * Starts removing a component the plan no longer has (one Azure write): gone
 * at once, or its operation recorded to be polled.
 */
export async function removeStep(
  ctx: PhaseContext,
  leftover: Leftover,
): Promise<PhaseOutcome> {
  const { deps, cluster, state } = ctx;
  try {
    const progress = await startRemoval(
      deps.azure,
      leftover.call,
      deps.settings.pollIntervalMs,
      azureTimeout(deps),
    );
    if (progress.done || 'busy' in progress) {
      await deps.store.removeComponent(cluster.id, leftover.key);
      await ctx.event(removed(leftover));
    } else {
      state.ops[leftover.key] = {
        kind: 'removing',
        poller: progress.poller,
        since: Date.now(),
        due: ctx.pollAgainAt(progress.retryAfterMs),
      };
      await ctx.save();
    }
  } catch (e) {
    if (!isAzureConflictOnRemoval(e)) return ctx.failed(leftover, e, false);
    await deps.store.removeComponent(cluster.id, leftover.key); // already gone
  }
  return { delayMs: 0 };
}

/**
 * One poll of each removal in flight that is due: the ones that ended are
 * gone from the cluster's record. `finished`: at least one ended.
 */
export async function pollRemovals(
  ctx: PhaseContext,
  removals: Leftover[],
): Promise<{ finished: boolean } | { outcome: PhaseOutcome }> {
  const { deps, cluster, state } = ctx;
  let finished = false;
  for (const l of removals) {
    const op = state.ops[l.key] as Extract<ComponentOp, { kind: 'removing' }>;
    if (!ctx.isDue(op)) continue;
    try {
      const polled = await pollRemoval(
        deps.azure,
        l.call,
        op.poller,
        deps.settings.pollIntervalMs,
        azureTimeout(deps),
      );
      if (!polled.done) {
        state.ops[l.key] = {
          ...op,
          poller: polled.poller,
          due: ctx.pollAgainAt(polled.retryAfterMs),
        };
        continue;
      }
      delete state.ops[l.key];
      await deps.store.removeComponent(cluster.id, l.key);
      await ctx.event(removed(l));
      finished = true;
    } catch (e) {
      return { outcome: await ctx.failed(l, e, false) };
    }
  }
  return { finished };
}
