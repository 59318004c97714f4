import type { HttpClient, PipelineRequest } from '@azure/core-rest-pipeline';
import type { PlannedAzureRequest } from '@internal/plugin-complete-clusters-common';
import type { ManagedCluster } from '@azure/arm-containerservice';
import type { ClusterAzureIds } from '@internal/plugin-complete-clusters-common';
import type { AzureSettings } from '../config/readCompleteClustersConfig';
import { createAzureClients } from './createAzureClients';

/** Thrown by the recording transport so that nothing leaves the process. */
class Recorded extends Error {}

/**
 * The Azure requests the engine would send for a cluster, exactly as the SDK
 * would put them on the wire: the same SDK calls run over a transport that
 * records each request and sends nothing.
 */
export async function planAzureRequests(
  settings: AzureSettings,
  ids: ClusterAzureIds,
  resourceGroupTags: Record<string, string>,
  managedCluster: ManagedCluster,
  clusterName: string,
): Promise<PlannedAzureRequest[]> {
  const sent: PipelineRequest[] = [];
  const recorder: HttpClient = {
    sendRequest: async request => {
      sent.push(request);
      throw new Recorded('recorded, not sent');
    },
  };
  const credential = { getToken: async () => ({ token: 'dry-run', expiresOnTimestamp: Date.now() + 60_000 }) };
  const { resources, containerService } = createAzureClients(settings, { credential, httpClient: recorder });
  const swallow = (e: unknown) => {
    if (!(e instanceof Recorded) && !(e as Error)?.message?.includes('recorded, not sent')) throw e;
  };

  await resources.resourceGroups
    .createOrUpdate(ids.resourceGroup, { location: ids.location, tags: resourceGroupTags })
    .catch(swallow);
  const poller = containerService.managedClusters.createOrUpdate(ids.resourceGroup, clusterName, managedCluster);
  await poller.submitted().catch(swallow);

  const descriptions = [
    `Create or update resource group ${ids.resourceGroup} in ${ids.location}`,
    `Create or update managed cluster ${clusterName} with its node pools (long-running; polled until Succeeded)`,
  ];
  // One entry per distinct request, whatever the SDK's retry policy did with the recorder's refusal.
  const distinct = sent.filter((r, i) => sent.findIndex(o => o.method === r.method && o.url === r.url) === i);
  return distinct.map((request, i) => {
    const url = new URL(request.url);
    return {
      method: request.method as PlannedAzureRequest['method'],
      path: `${url.pathname}${url.search}`,
      description: descriptions[i],
      body: typeof request.body === 'string' ? JSON.parse(request.body) : undefined,
    };
  });
}
