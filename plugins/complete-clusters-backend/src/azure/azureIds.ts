import type { ClusterAzureIds } from '@complete-clusters/plugin-complete-clusters-common';

/**
 * Where a cluster of this name lives: its own resource group in the
 * subscription chosen for it at its request (recorded on the cluster and used
 * by every later call).
 */
export function azureIdsFor(
  where: { subscriptionId: string; resourceGroupPrefix: string },
  name: string,
  location: string,
): ClusterAzureIds {
  const { subscriptionId } = where;
  const resourceGroup = `${where.resourceGroupPrefix}${name}`;
  return {
    subscriptionId,
    resourceGroup,
    location,
    resourceId: `/subscriptions/${subscriptionId}/resourceGroups/${resourceGroup}/providers/Microsoft.ContainerService/managedClusters/${name}`,
  };
}
