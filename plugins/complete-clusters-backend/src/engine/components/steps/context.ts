import type { ClusterRecord, ComponentStatus } from '../../../database/types';
import type {
  ComponentOp,
  OperationState,
} from '../../../database/operationState';
import { describeAzureError } from '../../../azure/describeAzureError';
import type { AzureCall, PlannedComponent } from '../../../plan/types';
import { failWith, PhaseDeps, PhaseOutcome } from '../../phaseOutcome';
import { nextPollMs } from '../../polling';
import { doing, what } from './messages';

export type Phase = 'Policies' | 'Applications';

/** What the engine keeps between steps of the Policies and Applications phases. */
export type ComponentPhaseState = Extract<
  OperationState,
  { kind: 'components' }
>;

/** A component recorded on the cluster that the plan no longer has: to be removed from Azure. */
export interface Leftover {
  key: string;
  call: AzureCall;
  label: string;
}

/** What the plan step found: the phase's components and where each stands. */
export interface ComponentPlan {
  /** This phase's components, in plan order. */
  components: PlannedComponent[];
  /** The hash of every planned component's call (both phases), by key. */
  hashes: Map<string, string>;
  /** Where each component recorded on the cluster stands, by key. */
  statuses: Map<string, ComponentStatus>;
  /** This phase's components that the plan no longer has. */
  leftovers: Leftover[];
}

/** One step of a component phase: its plan, its operations in flight, and what every step unit records with. */
export interface PhaseContext extends ComponentPlan {
  deps: PhaseDeps;
  cluster: ClusterRecord;
  phase: Phase;
  /** The operations in flight, by component key; saved with {@link PhaseContext.save}. */
  state: ComponentPhaseState;
  /** Installed with the very call the plan has now. */
  installed(key: string): boolean;
  save(): Promise<void>;
  event(message: string): Promise<void>;
  /** A component's state, and the event and status line that tell it (one transaction). */
  mark(
    c: PlannedComponent,
    next: ComponentStatus['state'],
    message: string,
    options?: { event?: boolean; installed?: boolean },
  ): Promise<void>;
  markInstalled(c: PlannedComponent, detail?: string): Promise<void>;
  /**
   * A failed Azure call: another attempt, or the component and the cluster
   * Failed with the reason. `operationFailed`: Azure accepted the operation and
   * then ended it Failed (counted across submissions, up to maxAttempts).
   */
  failed(
    c: PlannedComponent | Leftover,
    error: unknown,
    keepOp: boolean,
    operationFailed?: boolean,
  ): Promise<PhaseOutcome>;
  /** Whether an operation in flight is due to be read in this step. */
  isDue(op: ComponentOp): boolean;
  /** When to read an operation again: at Azure's Retry-After if it gave one. */
  pollAgainAt(retryAfterMs?: number): number;
  /** When the next operation in flight is due to be read: each at its own Retry-After. */
  untilNextRead(): number;
}

/** An operation due within this much is read in this step rather than in a step of its own. */
const DUE_SLACK_MS = 50;

function dueOf(op: ComponentOp): number {
  return typeof op.due === 'number' ? op.due : 0;
}

/** The context of one step of the phase, from the cluster's record and the plan step's findings. */
export function phaseContext(
  deps: PhaseDeps,
  cluster: ClusterRecord,
  phase: Phase,
  plan: ComponentPlan,
): PhaseContext {
  const { store } = deps;
  const { hashes, statuses } = plan;
  const state: ComponentPhaseState =
    cluster.operationState?.kind === 'components'
      ? { kind: 'components', ops: { ...cluster.operationState.ops } }
      : { kind: 'components', ops: {} };

  const mark: PhaseContext['mark'] = async (c, next, message, options = {}) => {
    const recorded = options.installed
      ? { appliedHash: hashes.get(c.key)!, call: c.call }
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

  return {
    ...plan,
    deps,
    cluster,
    phase,
    state,
    installed(key) {
      const status = statuses.get(key);
      return (
        status?.state === 'Installed' && status.appliedHash === hashes.get(key)
      );
    },
    async save() {
      await store.updateCluster(cluster.id, { operationState: state });
    },
    async event(message) {
      await store.appendEvent({
        clusterId: cluster.id,
        phase,
        level: 'info',
        message,
      });
    },
    mark,
    async markInstalled(c, detail) {
      delete state.ops[c.key];
      await mark(
        c,
        'Installed',
        `Installed ${what(c)}: ${c.description}${detail ? `. ${detail}` : ''}`,
        { installed: true },
      );
    },
    async failed(c, error, keepOp, operationFailed = false) {
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
    },
    isDue: op => dueOf(op) <= Date.now() + DUE_SLACK_MS,
    pollAgainAt: retryAfterMs =>
      Date.now() + nextPollMs(deps.settings, retryAfterMs),
    untilNextRead() {
      const dues = Object.values(state.ops).map(dueOf);
      if (dues.length === 0) return deps.settings.pollIntervalMs;
      return Math.max(Math.min(...dues) - Date.now(), 0);
    },
  };
}
