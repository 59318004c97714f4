import type { ClusterAzureIds } from '@complete-clusters/plugin-complete-clusters-common';
import type { AzureSettings } from '../config/readCompleteClustersConfig';

/** Where a cluster of this name lives: its own resource group in the configured subscription. */
export function azureIdsFor(settings: AzureSettings, name: string, location: string): ClusterAzureIds {
  const resourceGroup = `${settings.resourceGroupPrefix}${name}`;
  return {
    subscriptionId: settings.subscriptionId,
    resourceGroup,
    location,
    resourceId: `/subscriptions/${settings.subscriptionId}/resourceGroups/${resourceGroup}/providers/Microsoft.ContainerService/managedClusters/${name}`,
  };
}
