/**
 * The phases a complete cluster goes through, in order. A cluster in phase X
 * is working on X; `Ready` and `Failed` are where it rests. Policies come
 * before applications so that no workload ever runs on the cluster before its
 * guardrails (no privileged containers, access, default-deny networking) hold.
 * @public
 */
export const CLUSTER_PHASES = [
  'Pending',
  'ResourceGroup',
  'ManagedCluster',
  'Policies',
  'Applications',
  'Ready',
  'Failed',
] as const;

/** @public */
export type ClusterPhase = (typeof CLUSTER_PHASES)[number];

/**
 * The provisioning steps people watch, one Scaffolder step each, in order.
 * @public
 */
export const PROVISIONING_STEPS = [
  { phase: 'ResourceGroup', title: 'Resource group' },
  { phase: 'ManagedCluster', title: 'Managed cluster and node pools' },
  { phase: 'Policies', title: 'Policies: pod security, access and network isolation' },
  { phase: 'Applications', title: 'Applications' },
] as const satisfies ReadonlyArray<{ phase: ClusterPhase; title: string }>;

/** @public */
export type ProvisioningStep = (typeof PROVISIONING_STEPS)[number]['phase'];

const ORDER: Record<ClusterPhase, number> = {
  Pending: 0,
  ResourceGroup: 1,
  ManagedCluster: 2,
  Policies: 3,
  Applications: 4,
  Ready: 5,
  Failed: -1,
};

/**
 * Whether a cluster in `phase` has finished `step`. A Failed cluster has not
 * finished anything that is still to be waited for.
 * @public
 */
export function hasCompleted(phase: ClusterPhase, step: ProvisioningStep | 'Ready'): boolean {
  if (phase === 'Failed') return false;
  if (step === 'Ready') return phase === 'Ready';
  return ORDER[phase] > ORDER[step];
}

/** @public */
export function isClusterPhase(value: unknown): value is ClusterPhase {
  return typeof value === 'string' && (CLUSTER_PHASES as readonly string[]).includes(value);
}
