import { EmulatorContext, StoredResource } from '../server/context';

function groupKeyOf(r: { subscriptionId: string; resourceGroup: string }) {
  return `/subscriptions/${r.subscriptionId}/resourcegroups/${r.resourceGroup}`.toLowerCase();
}

/**
 * Removes a resource and everything that lives under it: for a resource
 * group every resource in it; for any resource the resources whose
 * `parentKey` chain leads to it (a cluster's pools, extensions, Flux
 * configurations, and the role and policy assignments at its scope or at
 * one of its namespaces). Returns the keys removed.
 */
export function removeTree(
  ctx: EmulatorContext,
  root: StoredResource,
): Set<string> {
  const removed = new Set<string>([root.key]);
  if (root.kind === 'resourceGroup') {
    for (const r of ctx.state.resources.values()) {
      if (r.subscriptionId && r.resourceGroup && groupKeyOf(r) === root.key)
        removed.add(r.key);
    }
  }
  let grew = true;
  while (grew) {
    grew = false;
    for (const r of ctx.state.resources.values()) {
      if (!removed.has(r.key) && r.parentKey && removed.has(r.parentKey)) {
        removed.add(r.key);
        grew = true;
      }
    }
  }
  for (const key of removed) ctx.state.resources.delete(key);
  return removed;
}

const LABELS: Record<string, string> = {
  resourceGroup: 'resource group',
  managedCluster: 'managed cluster',
  agentPool: 'agent pool',
  extension: 'extension',
  fluxConfiguration: 'Flux configuration',
  userAssignedIdentity: 'user-assigned identity',
};

/** "managed cluster 'aks1'", for messages. */
export function describeResource(r: StoredResource) {
  return `${LABELS[r.kind] ?? r.kind} '${r.name}'`;
}

/**
 * Ends `Canceled` every running operation on a resource that is gone, e.g.
 * an extension still installing when its cluster's deletion completes.
 */
export function cancelOperationsOn(
  ctx: EmulatorContext,
  removed: Set<string>,
  endTime: string,
  reason: string,
  except?: string,
) {
  for (const op of ctx.state.operations.values()) {
    if (op.id === except || op.status !== 'InProgress') continue;
    if (op.resourceKeys.some(k => removed.has(k))) {
      op.status = 'Canceled';
      op.endTime = endTime;
      op.error = {
        code: 'Canceled',
        message: `The ${op.description} operation was canceled because ${reason}.`,
      };
    }
  }
}
