import type { ClusterRecord, ComponentStatus } from '../../database/types';
import type {
  ComponentOp,
  OperationState,
} from '../../database/operationState';
import { describeAzureError } from '../../azure/describeAzureError';
import { callHash } from '../../plan/callHash';
import { planComponents } from '../../plan/planComponents';
import type { AzureCall, PlannedComponent } from '../../plan/types';
import {
  advance,
  azureTimeout,
  failWith,
  PhaseDeps,
  PhaseOutcome,
} from '../phaseSupport';
import { nextPollMs } from '../polling';
import {
  pollCall,
  pollRemoval,
  readCall,
  startCall,
  startRemoval,
} from './azureCalls';

/** What the engine keeps between steps of the Policies and Applications phases. */
type ComponentPhaseState = Extract<OperationState, { kind: 'components' }>;

/** A component recorded on the cluster that the plan no longer has: to be removed from Azure. */
interface Leftover {
  key: string;
  call: AzureCall;
  label: string;
}

type Phase = 'Policies' | 'Applications';

/** The component calls Azure answers with a long-running operation. */
const LONG_RUNNING = new Set<AzureCall['kind']>([
  'extension',
  'fluxConfiguration',
]);

/** An operation due within this much is read in this step rather than in a step of its own. */
const DUE_SLACK_MS = 50;

function dueOf(op: ComponentOp): number {
  return typeof op.due === 'number' ? op.due : 0;
}

const NEXT = { Policies: 'Applications', Applications: 'Ready' } as const;

function waited(ms: number): string {
  return ms < 60_000
    ? `${Math.round(ms / 1000)} s`
    : `${Math.round(ms / 60_000)} min`;
}

function what(c: PlannedComponent): string {
  switch (c.kind) {
    case 'policyAssignment':
      return `policy "${c.name}"`;
    case 'roleDefinition':
      return `role "${c.name}"`;
    case 'roleAssignment':
      return `access "${c.name}"`;
    case 'extension':
      return c.name;
    default:
      return c.layer === 'applications'
        ? `application ${c.name}${c.version ? ` ${c.version}` : ''}`
        : c.name;
  }
}

function doing(c: PlannedComponent): string {
  switch (c.kind) {
    case 'policyAssignment':
      return `assigning ${what(c)}`;
    case 'roleDefinition':
      return `defining ${what(c)}`;
    case 'roleAssignment':
      return `granting ${what(c)}`;
    default:
      return `installing ${what(c)}`;
  }
}

function summary(
  phase: Phase,
  components: PlannedComponent[],
  cluster: ClusterRecord,
): string {
  if (phase === 'Policies') {
    const grants = components.filter(c => c.kind === 'roleAssignment').length;
    const parts = [
      ...components.filter(c => c.kind === 'policyAssignment').map(c => c.name),
      `${grants} role assignment${grants === 1 ? '' : 's'}`,
      ...components
        .filter(c => c.kind === 'extension' || c.kind === 'fluxConfiguration')
        .map(c => c.name),
    ];
    return `Policies in place: ${parts.join(
      ', ',
    )}. Installing the applications`;
  }
  const apps = components.map(c => `${c.name} ${c.version ?? ''}`.trim());
  return `Cluster ${cluster.name} is Ready${
    apps.length ? ` with ${apps.join(', ')}` : ''
  }`;
}

/** Which phase removes a leftover component: the one of its layer. */
function phaseOfKey(key: string): Phase {
  return key.startsWith('application:') ? 'Applications' : 'Policies';
}

function isAzureConflictOnRemoval(e: unknown): boolean {
  return (e as { statusCode?: number }).statusCode === 404;
}

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
 */
export async function runComponentPhase(
  deps: PhaseDeps,
  cluster: ClusterRecord,
  phase: Phase,
): Promise<PhaseOutcome> {
  const { store } = deps;
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
    return (await failWith(deps, cluster, failure, false)).outcome;
  }
  const plan = all.filter(c => c.phase === phase);
  const hashes = new Map(all.map(c => [c.key, callHash(c.call)]));
  const statuses = new Map<string, ComponentStatus>(
    (await store.listComponents(cluster.id)).map(s => [s.key, s]),
  );
  const installed = (key: string) => {
    const status = statuses.get(key);
    return (
      status?.state === 'Installed' && status.appliedHash === hashes.get(key)
    );
  };
  const leftovers: Leftover[] = [...statuses.values()]
    .filter(s => !hashes.has(s.key) && s.call && phaseOfKey(s.key) === phase)
    .map(s => ({
      key: s.key,
      call: JSON.parse(s.call!) as AzureCall,
      label: s.key.replace(/^[a-z]+:/, ''),
    }));
  const state: ComponentPhaseState =
    cluster.operationState?.kind === 'components'
      ? { kind: 'components', ops: { ...cluster.operationState.ops } }
      : { kind: 'components', ops: {} };

  const save = async () =>
    store.updateCluster(cluster.id, { operationState: state });
  const event = (message: string) =>
    store.appendEvent({ clusterId: cluster.id, phase, level: 'info', message });
  const mark = async (
    c: PlannedComponent,
    next: ComponentStatus['state'],
    message: string,
    options: { event?: boolean; installed?: boolean } = {},
  ) => {
    const recorded = options.installed
      ? { appliedHash: hashes.get(c.key)!, call: JSON.stringify(c.call) }
      : {};
    // The component's state, and the event and status line that tell it: one transaction.
    const told =
      options.event !== false
        ? { clusterId: cluster.id, phase, level: 'info' as const, message }
        : undefined;
    await store.setComponent(
      cluster.id,
      c.key,
      { state: next, message, ...recorded },
      told,
    );
    const previous = statuses.get(c.key);
    statuses.set(c.key, {
      ...previous,
      key: c.key,
      state: next,
      message,
      ...recorded,
      updatedAt: new Date().toISOString(),
    });
  };
  const markInstalled = async (c: PlannedComponent, detail?: string) => {
    delete state.ops[c.key];
    await mark(
      c,
      'Installed',
      `Installed ${what(c)}: ${c.description}${detail ? `. ${detail}` : ''}`,
      { installed: true },
    );
  };
  /**
   * A failed Azure call: another attempt, or the component and the cluster
   * Failed with the reason. `operationFailed`: Azure accepted the operation and
   * then ended it Failed (counted across submissions, up to maxAttempts).
   */
  const failed = async (
    c: PlannedComponent | Leftover,
    error: unknown,
    keepOp: boolean,
    operationFailed = false,
  ): Promise<PhaseOutcome> => {
    if (!keepOp) delete state.ops[c.key];
    const current = { ...cluster, operationState: state };
    const task =
      'call' in c && 'phase' in c
        ? doing(c as PlannedComponent)
        : `removing ${c.label}, which the template no longer has`;
    const verdict = await failWith(
      deps,
      current,
      describeAzureError(error, task),
      true,
      operationFailed ? task : undefined,
    );
    if (!verdict.retry && 'phase' in c)
      await mark(c as PlannedComponent, 'Failed', verdict.message, {
        event: false,
      });
    return verdict.outcome;
  };
  /**
   * The next component whose dependencies are in place: a long-running one
   * (extension, Flux configuration) first, so that Azure works on it while the
   * quick writes (policy and role assignments) are sent in the next steps.
   */
  const startable = () => {
    const ready = plan.filter(
      c =>
        !installed(c.key) && !state.ops[c.key] && c.dependsOn.every(installed),
    );
    return ready.find(c => LONG_RUNNING.has(c.call.kind)) ?? ready[0];
  };
  /** When the next operation in flight is due to be read: each at its own Retry-After. */
  const untilNextRead = () => {
    const dues = Object.values(state.ops).map(dueOf);
    if (dues.length === 0) return deps.settings.pollIntervalMs;
    return Math.max(Math.min(...dues) - Date.now(), 0);
  };
  const isDue = (op: ComponentOp) => dueOf(op) <= Date.now() + DUE_SLACK_MS;
  const pollAgainAt = (retryAfterMs?: number) =>
    Date.now() + nextPollMs(deps.settings, retryAfterMs);
  /**
   * Azure's reason for an operation whose resource ended Failed: one read of
   * the operation's status through the SDK's poller, which throws the
   * operation's error (no HTTP status, no code). A read that itself failed
   * is thrown on, as any read that Azure did not answer.
   */
  const operationError = async (
    poller: string,
    c: PlannedComponent,
  ): Promise<unknown> => {
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
  };

  // What the plan no longer has goes first, one write per step.
  const leftover = leftovers.find(l => !state.ops[l.key]);
  if (leftover) {
    try {
      const progress = await startRemoval(
        deps.azure,
        leftover.call,
        deps.settings.pollIntervalMs,
        azureTimeout(deps),
      );
      if (progress.done || 'busy' in progress) {
        await store.removeComponent(cluster.id, leftover.key);
        await event(`Removed ${leftover.label}: the template no longer has it`);
      } else {
        state.ops[leftover.key] = {
          kind: 'removing',
          poller: progress.poller,
          since: Date.now(),
          due: pollAgainAt(progress.retryAfterMs),
        };
        await save();
      }
    } catch (e) {
      if (!isAzureConflictOnRemoval(e)) return failed(leftover, e, false);
      await store.removeComponent(cluster.id, leftover.key); // already gone
    }
    return { delayMs: 0 };
  }

  if (leftovers.length === 0 && plan.every(c => installed(c.key))) {
    return advance(deps, cluster, NEXT[phase], summary(phase, plan, cluster));
  }

  const next = startable();
  if (next) {
    let progress;
    try {
      progress = await startCall(
        deps.azure,
        next.call,
        deps.settings.pollIntervalMs,
        azureTimeout(deps),
      );
    } catch (e) {
      return failed(next, e, false);
    }
    if (progress.done) {
      await markInstalled(next, progress.detail);
    } else if ('busy' in progress) {
      state.ops[next.key] = {
        kind: 'watch',
        since: Date.now(),
        due: pollAgainAt(),
      };
      await mark(
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
        due: pollAgainAt(progress.retryAfterMs),
        ...(progress.retryAfterMs !== undefined
          ? { retryAfterMs: progress.retryAfterMs }
          : {}),
      };
      await mark(
        next,
        'Installing',
        `Azure accepted ${what(next)}; installing: ${next.description}`,
      );
    }
    await save();
    if (cluster.attempts > 0)
      await store.updateCluster(cluster.id, { attempts: 0 });
    return { delayMs: startable() ? 0 : untilNextRead() };
  }

  const removals = leftovers.filter(l => state.ops[l.key]?.kind === 'removing');
  const inFlight = plan.filter(c => state.ops[c.key]);
  if (inFlight.length === 0 && removals.length === 0) {
    // Nothing to start and nothing running: a dependency outside this phase is missing.
    const blocked = plan.find(c => !installed(c.key))!;
    const missing = blocked.dependsOn.filter(k => !installed(k)).join(', ');
    return failed(
      blocked,
      Object.assign(new Error(`It needs ${missing}, which is not installed.`), {
        code: 'DependencyMissing',
      }),
      false,
    );
  }

  let finished = false;
  for (const l of removals) {
    const op = state.ops[l.key] as Extract<ComponentOp, { kind: 'removing' }>;
    if (!isDue(op)) continue;
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
          due: pollAgainAt(polled.retryAfterMs),
        };
        continue;
      }
      delete state.ops[l.key];
      await store.removeComponent(cluster.id, l.key);
      await event(`Removed ${l.label}: the template no longer has it`);
      finished = true;
    } catch (e) {
      return failed(l, e, false);
    }
  }
  // Azure answered at least one read this step: the phase is not stuck, so no attempt is spent on a read that failed.
  let answered = false;
  let unanswered: { c: PlannedComponent; error: unknown } | undefined;
  for (const c of inFlight) {
    const op = state.ops[c.key];
    // Each operation is read at the pace Azure asked for it, one read per poll.
    if (!isDue(op)) continue;
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
          const reason = await operationError(op.poller, c);
          if (reason) return failed(c, reason, false, true);
        } else if (read.provisioning !== 'Succeeded') {
          state.ops[c.key] = { ...op, due: pollAgainAt(op.retryAfterMs) };
          continue;
        }
        state.ops[c.key] = { kind: 'compliance', since: Date.now() };
      }
      if (read.provisioning === 'Failed' || read.provisioning === 'Canceled') {
        return failed(
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
        state.ops[c.key] = { ...state.ops[c.key], due: pollAgainAt() };
        continue;
      }
      if (read.flux && read.flux.compliance !== 'Compliant') {
        const since = state.ops[c.key].since;
        const problem = read.flux.problem
          ? `Flux reports ${read.flux.compliance}: ${read.flux.problem}`
          : `Flux reports ${read.flux.compliance}`;
        if (Date.now() - since >= deps.platform.applicationTimeoutMs) {
          return failed(
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
        state.ops[c.key] = { kind: 'compliance', since, due: pollAgainAt() };
        if (statuses.get(c.key)?.message !== problem)
          await mark(c, 'Installing', problem, { event: false });
        continue;
      }
      await markInstalled(c);
      finished = true;
    } catch (e) {
      // A read that failed: read it again next step (the operation's own failure is read above).
      unanswered ??= { c, error: e };
    }
  }
  // Attempts count steps in a row where Azure answered nothing: only then does a failed read spend one.
  if (unanswered && !answered && !finished)
    return failed(unanswered.c, unanswered.error, true);
  await store.updateCluster(cluster.id, {
    operationState: state,
    ...(cluster.attempts > 0 && (answered || finished) ? { attempts: 0 } : {}),
  });
  return { delayMs: finished ? 0 : untilNextRead() };
}
