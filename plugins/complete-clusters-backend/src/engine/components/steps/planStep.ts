import type { ClusterRecord, ComponentStatus } from '../../../database/types';
import { callHash } from '../../../plan/callHash';
import { planComponents } from '../../../plan/planComponents';
import type { PlannedComponent } from '../../../plan/types';
import { failWith, PhaseDeps, PhaseOutcome } from '../../phaseOutcome';
import { isLongRunning } from '../azureCalls';
import type { ComponentPlan, Leftover, Phase, PhaseContext } from './context';

/** Which phase removes a leftover component: the one of its layer. */
function phaseOfKey(key: string): Phase {
  return key.startsWith('application:') ? 'Applications' : 'Policies';
}

/**
 * The phase's plan: its components in plan order, where each recorded one
 * stands, and the recorded ones the plan no longer has. A record the plan
 * cannot be made from fails the cluster.
 */
export async function planStep(
  deps: PhaseDeps,
  cluster: ClusterRecord,
  phase: Phase,
): Promise<{ plan: ComponentPlan } | { outcome: PhaseOutcome }> {
  let all: PlannedComponent[];
  try {
    all = planComponents(cluster, deps.platform);
  } catch (e) {
    // A record the plan cannot be made from (recorded before role bindings were resolved to Entra ids).
    const failure = {
      transient: false,
      message: `The engine cannot plan the ${phase.toLowerCase()} of ${
        cluster.name
      }: ${(e as Error).message}. Request the cluster again under a new name.`,
    };
    return { outcome: (await failWith(deps, cluster, failure, false)).outcome };
  }
  const components = all.filter(c => c.phase === phase);
  const hashes = new Map(all.map(c => [c.key, callHash(c.call)]));
  const statuses = new Map<string, ComponentStatus>(
    (await deps.store.listComponents(cluster.id)).map(s => [s.key, s]),
  );
  const leftovers: Leftover[] = [...statuses.values()].flatMap(s =>
    !hashes.has(s.key) && s.call && phaseOfKey(s.key) === phase
      ? [{ key: s.key, call: s.call, label: s.key.replace(/^[a-z]+:/, '') }]
      : [],
  );
  return { plan: { components, hashes, statuses, leftovers } };
}

/** The next component the plan no longer has whose removal has not started. */
export function nextLeftover(ctx: PhaseContext): Leftover | undefined {
  return ctx.leftovers.find(l => !ctx.state.ops[l.key]);
}

/** Nothing left over, and every component installed with the call the plan has now. */
export function allInPlace(ctx: PhaseContext): boolean {
  return (
    ctx.leftovers.length === 0 &&
    ctx.components.every(c => ctx.installed(c.key))
  );
}

/**
 * The next component whose dependencies are in place: a long-running one
 * (extension, Flux configuration) first, so that Azure works on it while the
 * quick writes (policy and role assignments) are sent in the next steps.
 */
export function startable(ctx: PhaseContext): PlannedComponent | undefined {
  const ready = ctx.components.filter(
    c =>
      !ctx.installed(c.key) &&
      !ctx.state.ops[c.key] &&
      c.dependsOn.every(k => ctx.installed(k)),
  );
  return ready.find(c => isLongRunning(c.call.kind)) ?? ready[0];
}

/** The removals and the installs whose operations are in flight. */
export function inFlight(ctx: PhaseContext): {
  removals: Leftover[];
  operations: PlannedComponent[];
} {
  return {
    removals: ctx.leftovers.filter(
      l => ctx.state.ops[l.key]?.kind === 'removing',
    ),
    operations: ctx.components.filter(c => ctx.state.ops[c.key]),
  };
}

/**
 * With nothing to start and nothing running, a dependency outside this phase
 * is missing: the first component it blocks, and why.
 */
export function missingDependency(ctx: PhaseContext): {
  blocked: PlannedComponent;
  error: Error;
} {
  const blocked = ctx.components.find(c => !ctx.installed(c.key))!;
  const missing = blocked.dependsOn.filter(k => !ctx.installed(k)).join(', ');
  return {
    blocked,
    error: Object.assign(
      new Error(`It needs ${missing}, which is not installed.`),
      { code: 'DependencyMissing' },
    ),
  };
}
