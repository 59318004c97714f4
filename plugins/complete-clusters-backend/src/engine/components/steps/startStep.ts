import type { PlannedComponent } from '../../../plan/types';
import { azureTimeout, PhaseOutcome } from '../../phaseOutcome';
import { startCall } from '../azureCalls';
import type { PhaseContext } from './context';
import { what } from './messages';
import { startable } from './planStep';

/**
 * Sends the one Azure write that installs a component: installed at once
 * (a synchronous write), or its operation recorded to be polled; Azure busy
 * with an operation from an earlier attempt is watched until it ends.
 */
export async function startStep(
  ctx: PhaseContext,
  next: PlannedComponent,
): Promise<PhaseOutcome> {
  const { deps, cluster, state } = ctx;
  let progress;
  try {
    progress = await startCall(
      deps.azure,
      next.call,
      deps.settings.pollIntervalMs,
      azureTimeout(deps),
    );
  } catch (e) {
    return ctx.failed(next, e, false);
  }
  if (progress.done) {
    await ctx.markInstalled(next, progress.detail);
  } else if ('busy' in progress) {
    state.ops[next.key] = {
      kind: 'watch',
      since: Date.now(),
      due: ctx.pollAgainAt(),
    };
    await ctx.mark(
      next,
      'Installing',
      `Azure is still working on ${what(
        next,
      )} from an earlier attempt; waiting for that operation`,
    );
  } else {
    state.ops[next.key] = {
      kind: 'poller',
      poller: progress.poller,
      since: Date.now(),
      due: ctx.pollAgainAt(progress.retryAfterMs),
      ...(progress.retryAfterMs !== undefined
        ? { retryAfterMs: progress.retryAfterMs }
        : {}),
    };
    await ctx.mark(
      next,
      'Installing',
      `Azure accepted ${what(next)}; installing: ${next.description}`,
    );
  }
  await ctx.save();
  if (cluster.attempts > 0)
    await deps.store.updateCluster(cluster.id, { attempts: 0 });
  return { delayMs: startable(ctx) ? 0 : ctx.untilNextRead() };
}
