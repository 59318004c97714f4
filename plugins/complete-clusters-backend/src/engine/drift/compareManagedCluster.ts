import type {
  ManagedCluster,
  ManagedClusterAgentPoolProfile,
} from '@azure/arm-containerservice';
import type { DriftItem } from '@complete-clusters/plugin-complete-clusters-common';

function show(value: unknown): string {
  if (value === undefined || value === null) return '(not set)';
  return typeof value === 'string' ? value : JSON.stringify(value);
}

function sortedTaints(taints: string[] | undefined) {
  return [...(taints ?? [])].sort();
}

/** Labels the template sets, as the pool has them (AKS and others may add their own). */
function labelsOf(
  expected: Record<string, string> | undefined,
  actual: Record<string, string> | undefined,
) {
  return Object.fromEntries(
    Object.keys(expected ?? {}).map(k => [k, actual?.[k]]),
  );
}

function poolDrift(
  expected: ManagedClusterAgentPoolProfile,
  actual: ManagedClusterAgentPoolProfile | undefined,
): DriftItem[] {
  const at = (what: string) =>
    `nodePools.${expected.name}${what ? `.${what}` : ''}`;
  const item = (field: string, want: unknown, have: unknown): DriftItem => ({
    layer: 'infrastructure',
    field: at(field),
    expected: show(want),
    actual: show(have),
  });
  if (!actual) return [item('', 'present', 'missing')];
  const items: DriftItem[] = [];
  const check = (field: string, want: unknown, have: unknown) => {
    if (JSON.stringify(want) !== JSON.stringify(have))
      items.push(item(field, want, have));
  };
  check('vmSize', expected.vmSize, actual.vmSize);
  check('mode', expected.mode, actual.mode);
  check(
    'enableAutoScaling',
    !!expected.enableAutoScaling,
    !!actual.enableAutoScaling,
  );
  if (expected.enableAutoScaling) {
    check('minCount', expected.minCount, actual.minCount);
    check('maxCount', expected.maxCount, actual.maxCount);
  } else {
    check('count', expected.count, actual.count);
  }
  if (expected.nodeLabels)
    check(
      'nodeLabels',
      expected.nodeLabels,
      labelsOf(expected.nodeLabels, actual.nodeLabels),
    );
  check(
    'nodeTaints',
    sortedTaints(expected.nodeTaints),
    sortedTaints(actual.nodeTaints),
  );
  return items;
}

function addonEnabled(cluster: ManagedCluster, key: string): boolean {
  return Object.entries(cluster.addonProfiles ?? {}).some(
    ([k, p]) => k.toLowerCase() === key && p.enabled,
  );
}

/**
 * Where a managed cluster, as Azure lists it, differs from the body the
 * engine would PUT for it: node pools (size, autoscale bounds, VM size,
 * labels, taints, pools added or removed), Kubernetes version, network
 * policy, Entra ID / Azure RBAC and local accounts, the add-ons, the tags.
 * Read-only and Azure-defaulted fields are not drift.
 */
export function compareManagedCluster(
  expected: ManagedCluster,
  actual: ManagedCluster | undefined,
): DriftItem[] {
  const infra = (field: string, want: unknown, have: unknown): DriftItem => ({
    layer: 'infrastructure',
    field,
    expected: show(want),
    actual: show(have),
  });
  if (!actual) return [infra('managedCluster', 'present', 'missing')];
  const items: DriftItem[] = [];
  const want = expected.kubernetesVersion ?? '';
  const have = actual.kubernetesVersion ?? '';
  // A template's minor version (1.33) is met by any of its patches (1.33.3).
  if (have !== want && !have.startsWith(`${want}.`))
    items.push(infra('kubernetesVersion', want, have));
  const actualPools = new Map(
    (actual.agentPoolProfiles ?? []).map(p => [p.name, p]),
  );
  for (const pool of expected.agentPoolProfiles ?? [])
    items.push(...poolDrift(pool, actualPools.get(pool.name)));
  const expectedNames = new Set(
    (expected.agentPoolProfiles ?? []).map(p => p.name),
  );
  for (const name of actualPools.keys()) {
    if (!expectedNames.has(name))
      items.push(infra(`nodePools.${name}`, 'absent', 'present'));
  }
  const policy = expected.networkProfile?.networkPolicy;
  if (policy !== actual.networkProfile?.networkPolicy)
    items.push(
      infra(
        'networkProfile.networkPolicy',
        policy,
        actual.networkProfile?.networkPolicy,
      ),
    );
  if (
    !!expected.aadProfile?.enableAzureRbac !==
    !!actual.aadProfile?.enableAzureRbac
  ) {
    items.push(
      infra(
        'aadProfile.enableAzureRBAC',
        !!expected.aadProfile?.enableAzureRbac,
        !!actual.aadProfile?.enableAzureRbac,
      ),
    );
  }
  if (!!expected.disableLocalAccounts !== !!actual.disableLocalAccounts) {
    items.push(
      infra(
        'disableLocalAccounts',
        !!expected.disableLocalAccounts,
        !!actual.disableLocalAccounts,
      ),
    );
  }
  for (const key of Object.keys(expected.addonProfiles ?? {})) {
    if (!addonEnabled(actual, key.toLowerCase()))
      items.push(infra(`addonProfiles.${key}`, 'enabled', 'disabled'));
  }
  if (
    expected.azureMonitorProfile?.metrics?.enabled &&
    !actual.azureMonitorProfile?.metrics?.enabled
  ) {
    items.push(infra('azureMonitorProfile.metrics', 'enabled', 'disabled'));
  }
  for (const [tag, value] of Object.entries(expected.tags ?? {})) {
    if (actual.tags?.[tag] !== value)
      items.push(infra(`tags.${tag}`, value, actual.tags?.[tag]));
  }
  return items;
}
