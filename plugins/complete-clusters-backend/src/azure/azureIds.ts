import type { ClusterAzureIds } from '@complete-clusters/plugin-complete-clusters-common';

/**
 * Where a cluster of this name lives: its own resource group in the
 * subscription chosen for it at its request (recorded on the cluster and used
 * by every later call). A cluster rebuilt from another of its name gets a
 * suffix to its resource group (resource group names are unique in a
 * subscription, whatever their region), so the two never share one.
 */
export function azureIdsFor(
  where: {
    subscriptionId: string;
    resourceGroupPrefix: string;
    resourceGroupSuffix?: string;
  },
  name: string,
  location: string,
): ClusterAzureIds {
  const { subscriptionId } = where;
  const resourceGroup = `${where.resourceGroupPrefix}${name}${
    where.resourceGroupSuffix ?? ''
  }`;
  return {
    subscriptionId,
    resourceGroup,
    location,
    resourceId: `/subscriptions/${subscriptionId}/resourceGroups/${resourceGroup}/providers/Microsoft.ContainerService/managedClusters/${name}`,
  };
}
