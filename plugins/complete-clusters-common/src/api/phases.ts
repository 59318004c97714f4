/**
 * The phases a complete cluster goes through, in order. A cluster in phase X
 * is working on X; `Ready`, `Failed`, `Rejected` and `Deleted` are where it
 * rests, and `AwaitingApproval` waits for a person. Policies come before
 * applications so that no workload ever runs on the cluster before its
 * guardrails (no privileged containers, access, default-deny networking) hold.
 * @public
 */
export const CLUSTER_PHASES = [
  'AwaitingApproval',
  'Pending',
  'ResourceGroup',
  'ManagedCluster',
  'Policies',
  'Applications',
  'Ready',
  'Failed',
  'Rejected',
  'Deleting',
  'Deleted',
] as const;

/** @public */
export type ClusterPhase = (typeof CLUSTER_PHASES)[number];

/**
 * Phases in which nothing happens until a person acts (or, for Ready, until
 * drift, an update or an expiry): the engine leaves such clusters alone.
 * @public
 */
export const RESTING_PHASES = [
  'AwaitingApproval',
  'Ready',
  'Failed',
  'Rejected',
  'Deleted',
] as const satisfies ReadonlyArray<ClusterPhase>;

/**
 * Phases of a finished cluster: it keeps its record and history for good,
 * and its name is free for a new cluster (a new record with a new id).
 * @public
 */
export const FINAL_PHASES = [
  'Rejected',
  'Deleted',
] as const satisfies ReadonlyArray<ClusterPhase>;

/**
 * What the engine's current run of phases is for.
 * @public
 */
export const CLUSTER_ACTIVITIES = [
  'create',
  'update',
  'repair',
  'scale',
  'delete',
] as const;

/** @public */
export type ClusterActivity = (typeof CLUSTER_ACTIVITIES)[number];

/**
 * The provisioning steps people watch, one Scaffolder step each, in order.
 * `AwaitingApproval` is a step only for templates that require approval.
 * @public
 */
export const PROVISIONING_STEPS = [
  { phase: 'AwaitingApproval', title: 'Approval' },
  { phase: 'ResourceGroup', title: 'Resource group' },
  { phase: 'ManagedCluster', title: 'Managed cluster and node pools' },
  {
    phase: 'Policies',
    title: 'Policies: pod security, access and network isolation',
  },
  { phase: 'Applications', title: 'Applications' },
] as const satisfies ReadonlyArray<{ phase: ClusterPhase; title: string }>;

/** @public */
export type ProvisioningStep = (typeof PROVISIONING_STEPS)[number]['phase'];

const ORDER: Record<ClusterPhase, number> = {
  AwaitingApproval: 0,
  Pending: 1,
  ResourceGroup: 2,
  ManagedCluster: 3,
  Policies: 4,
  Applications: 5,
  Ready: 6,
  Failed: -1,
  Rejected: -1,
  Deleting: -1,
  Deleted: -1,
};

/**
 * Whether a cluster in `phase` has finished `step`. A Failed, Rejected or
 * deleted cluster has not finished anything that is still to be waited for.
 * @public
 */
export function hasCompleted(
  phase: ClusterPhase,
  step: ProvisioningStep | 'Ready',
): boolean {
  if (ORDER[phase] < 0) return false;
  if (step === 'Ready') return phase === 'Ready';
  return ORDER[phase] > ORDER[step];
}

/** @public */
export function isClusterPhase(value: unknown): value is ClusterPhase {
  return (
    typeof value === 'string' &&
    (CLUSTER_PHASES as readonly string[]).includes(value)
  );
}

/** Whether the engine leaves a cluster in `phase` alone. @public */
export function isRestingPhase(phase: ClusterPhase): boolean {
  return (RESTING_PHASES as readonly string[]).includes(phase);
}
