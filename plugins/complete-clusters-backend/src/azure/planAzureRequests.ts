import type { HttpClient, PipelineRequest } from '@azure/core-rest-pipeline';
import type { ManagedCluster } from '@azure/arm-containerservice';
import type {
  ClusterAzureIds,
  PlannedAzureRequest,
} from '@complete-clusters/plugin-complete-clusters-common';
import { startCall } from '../engine/components/azureCalls';
import type { PlannedComponent } from '../plan/types';
import { createAzureClients } from './createAzureClients';
import type { AzureConnection } from './createAzureClients';

/** Thrown by the recording transport so that nothing leaves the process. */
class Recorded extends Error {}

/**
 * The Azure requests the engine would send for a cluster, exactly as the SDK
 * would put them on the wire: the same SDK calls the engine makes run over a
 * transport that records each request and sends nothing.
 */
export async function planAzureRequests(options: {
  connection: AzureConnection;
  ids: ClusterAzureIds;
  resourceGroupTags: Record<string, string>;
  managedCluster: ManagedCluster;
  clusterName: string;
  components: PlannedComponent[];
}): Promise<PlannedAzureRequest[]> {
  const { connection, ids, clusterName } = options;
  const sent: PipelineRequest[] = [];
  const recorder: HttpClient = {
    sendRequest: async request => {
      sent.push(request);
      throw new Recorded('recorded, not sent');
    },
  };
  // Nothing is sent, so no token is needed: the recorder sees the request before any network would.
  const credential = {
    getToken: async () => ({
      token: 'dry-run',
      expiresOnTimestamp: Date.now() + 60_000,
    }),
  };
  // The cluster's own subscription, exactly as the engine's calls for it will use.
  const azure = createAzureClients(
    { ...connection, subscriptionId: ids.subscriptionId },
    { credential, httpClient: recorder },
  );
  const swallow = (e: unknown) => {
    if (
      !(e instanceof Recorded) &&
      !(e as Error)?.message?.includes('recorded, not sent')
    )
      throw e;
  };
  const planned: PlannedAzureRequest[] = [];
  /** Runs one SDK call and keeps the first request it put on the wire, described. */
  const record = async (description: string, call: () => Promise<unknown>) => {
    const before = sent.length;
    await call().catch(swallow);
    const request = sent[before];
    if (!request) return;
    const url = new URL(request.url);
    planned.push({
      method: request.method as PlannedAzureRequest['method'],
      path: `${url.pathname}${url.search}`,
      description,
      body:
        typeof request.body === 'string' ? JSON.parse(request.body) : undefined,
    });
  };

  await record(
    `Create or update resource group ${ids.resourceGroup} in ${ids.location}`,
    () =>
      azure.resources.resourceGroups.createOrUpdate(ids.resourceGroup, {
        location: ids.location,
        tags: options.resourceGroupTags,
      }),
  );
  await record(
    `Create or update managed cluster ${clusterName} with its node pools and add-ons (long-running; polled until Succeeded)`,
    () =>
      azure.containerService.managedClusters
        .createOrUpdate(ids.resourceGroup, clusterName, options.managedCluster)
        .submitted(),
  );
  for (const component of options.components) {
    await record(`${component.phase}: ${component.description}`, () =>
      startCall(azure, component.call, 1000),
    );
  }
  return planned;
}
