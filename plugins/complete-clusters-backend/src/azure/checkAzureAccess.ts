import { isRestError } from '@azure/core-rest-pipeline';
import type {
  AzureAccessCheck,
  ClusterAzureIds,
} from '@complete-clusters/plugin-complete-clusters-common';
import type { AzureClients } from './createAzureClients';
import { describeAzureError } from './describeAzureError';

/**
 * The dry run's one real Azure call: a read of the cluster's resource group
 * in its subscription, as the portal's identity. It shows that the identity
 * signs in, that the subscription exists for it, and that it may read there,
 * without writing anything. Write permissions show on the first request.
 */
export async function checkAzureAccess(
  azure: AzureClients,
  ids: ClusterAzureIds,
): Promise<AzureAccessCheck> {
  const { subscriptionId, resourceGroup } = ids;
  const where = `subscription ${subscriptionId}`;
  try {
    await azure.resources.resourceGroups.get(resourceGroup);
    return {
      subscriptionId,
      ok: true,
      message: `The portal's identity signs in and reads ${where}. Resource group ${resourceGroup} exists there already; the cluster would be made in it.`,
    };
  } catch (e) {
    if (isRestError(e) && e.code === 'ResourceGroupNotFound') {
      return {
        subscriptionId,
        ok: true,
        message: `The portal's identity signs in and reads ${where}; resource group ${resourceGroup} would be created.`,
      };
    }
    if (isRestError(e) && e.code === 'SubscriptionNotFound') {
      return {
        subscriptionId,
        ok: false,
        message: `Azure does not know ${where}, or the portal's identity has no role in it. Fix: check completeClusters.azure's subscriptions, and give the identity the roles in docs/real-azure.md there. (Azure SubscriptionNotFound: ${e.message})`,
      };
    }
    return {
      subscriptionId,
      ok: false,
      message: describeAzureError(
        e,
        `reading resource group ${resourceGroup} in ${where}`,
      ).message,
    };
  }
}
