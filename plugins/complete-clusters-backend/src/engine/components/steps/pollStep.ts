import type { PlannedComponent } from '../../../plan/types';
import { azureTimeout, PhaseOutcome } from '../../phaseOutcome';
import { pollCall, readCall } from '../azureCalls';
import type { PhaseContext } from './context';
import { waited, what } from './messages';

/**
 * Azure's reason for an operation whose resource ended Failed: one read of
 * the operation's status through the SDK's poller, which throws the
 * operation's error (no HTTP status, no code). A read that itself failed
 * is thrown on, as any read that Azure did not answer.
 */
async function operationError(
  ctx: PhaseContext,
  poller: string,
  c: PlannedComponent,
): Promise<unknown> {
  const { deps } = ctx;
  try {
    await pollCall(
      deps.azure,
      c.call,
      poller,
      deps.settings.pollIntervalMs,
      azureTimeout(deps),
    );
    return undefined;
  } catch (e) {
    if (
      (e as { statusCode?: number }).statusCode ||
      (e as { code?: string }).code
    )
      throw e;
    return e;
  }
}

/**
 * One read of each install in flight that is due, at the pace Azure asked
 * for it: the resource says whether its operation ended, and how; a Flux
 * configuration then waits until Flux reports it Compliant, up to the
 * platform's application timeout. Records where each stands.
 * `removalFinished`: a removal polled in this step ended.
 */
export async function pollStep(
  ctx: PhaseContext,
  operations: PlannedComponent[],
  removalFinished: boolean,
): Promise<PhaseOutcome> {
  const { deps, cluster, state } = ctx;
  let finished = removalFinished;
  // Azure answered at least one read this step: the phase is not stuck, so no attempt is spent on a read that failed.
  let answered = false;
  let unanswered: { c: PlannedComponent; error: unknown } | undefined;
  for (const c of operations) {
    const op = state.ops[c.key];
    // Each operation is read at the pace Azure asked for it, one read per poll.
    if (!ctx.isDue(op)) continue;
    try {
      // One read per poll: the resource says whether its operation ended, and once it has, it is the finished
      // resource (the operation's status would say the same and need the resource read after).
      const read = await readCall(deps.azure, c.call, azureTimeout(deps));
      answered = true;
      if (op.kind === 'poller') {
        if (
          read.provisioning === 'Failed' ||
          read.provisioning === 'Canceled'
        ) {
          // Azure's reason is in the operation's status: read it once, through the SDK's poller.
          const reason = await operationError(ctx, op.poller, c);
          if (reason) return ctx.failed(c, reason, false, true);
        } else if (read.provisioning !== 'Succeeded') {
          state.ops[c.key] = { ...op, due: ctx.pollAgainAt(op.retryAfterMs) };
          continue;
        }
        state.ops[c.key] = { kind: 'compliance', since: Date.now() };
      }
      if (read.provisioning === 'Failed' || read.provisioning === 'Canceled') {
        return ctx.failed(
          c,
          Object.assign(
            new Error(`The operation on ${what(c)} ended ${read.provisioning}`),
            { code: 'InternalOperationError' },
          ),
          false,
          true,
        );
      }
      if (read.provisioning !== 'Succeeded') {
        state.ops[c.key] = { ...state.ops[c.key], due: ctx.pollAgainAt() };
        continue;
      }
      if (read.flux && read.flux.compliance !== 'Compliant') {
        const since = state.ops[c.key].since;
        const problem = read.flux.problem
          ? `Flux reports ${read.flux.compliance}: ${read.flux.problem}`
          : `Flux reports ${read.flux.compliance}`;
        if (Date.now() - since >= deps.platform.applicationTimeoutMs) {
          return ctx.failed(
            c,
            Object.assign(
              new Error(
                `${problem} after ${waited(
                  deps.platform.applicationTimeoutMs,
                )}. Fix what it names (a git URL or tag the cluster cannot reach, a chart version that does not exist), then retry the cluster.`,
              ),
              { code: 'FluxNotCompliant' },
            ),
            false,
          );
        }
        state.ops[c.key] = {
          kind: 'compliance',
          since,
          due: ctx.pollAgainAt(),
        };
        if (ctx.statuses.get(c.key)?.message !== problem)
          await ctx.mark(c, 'Installing', problem, { event: false });
        continue;
      }
      await ctx.markInstalled(c);
      finished = true;
    } catch (e) {
      // A read that failed: read it again next step (the operation's own failure is read above).
      unanswered ??= { c, error: e };
    }
  }
  // Attempts count steps in a row where Azure answered nothing: only then does a failed read spend one.
  if (unanswered && !answered && !finished)
    return ctx.failed(unanswered.c, unanswered.error, true);
  await deps.store.updateCluster(cluster.id, {
    operationState: state,
    ...(cluster.attempts > 0 && (answered || finished) ? { attempts: 0 } : {}),
  });
  return { delayMs: finished ? 0 : ctx.untilNextRead() };
}
