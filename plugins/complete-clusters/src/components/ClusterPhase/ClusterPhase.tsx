import {
  StatusError,
  StatusOK,
  StatusPending,
  StatusRunning,
} from '@backstage/core-components';
import type { ClusterPhase as Phase } from '@complete-clusters/plugin-complete-clusters-common';

/**
 * Whether a cluster in `phase` has come to rest: nothing more will happen by
 * itself. A request awaiting approval is not: an approver may decide any time.
 */
export function isSettledPhase(phase: Phase): boolean {
  return (
    phase === 'Ready' ||
    phase === 'Failed' ||
    phase === 'Rejected' ||
    phase === 'Deleted'
  );
}

function PhaseIcon({ phase }: { phase: Phase }) {
  switch (phase) {
    case 'Ready':
      return <StatusOK />;
    case 'Failed':
    case 'Rejected':
      return <StatusError />;
    case 'Pending':
    case 'AwaitingApproval':
    case 'Deleted':
      return <StatusPending />;
    default:
      return <StatusRunning />;
  }
}

/**
 * A cluster's phase: the status icon, then the phase word. The word sits
 * outside the status component, which hides its content from screen readers.
 */
export function ClusterPhase({ phase }: { phase: Phase }) {
  return (
    <span
      style={{ display: 'inline-flex', alignItems: 'baseline' }}
      data-testid="cluster-phase"
    >
      <PhaseIcon phase={phase} />
      <span>{phase}</span>
    </span>
  );
}
