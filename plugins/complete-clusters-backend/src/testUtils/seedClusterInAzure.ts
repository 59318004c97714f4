import type { PlatformSettings } from '../config/readCompleteClustersConfig';
import type { AzureClients } from '../azure/createAzureClients';
import {
  azureTags,
  clusterTags,
  managedClusterBody,
} from '../azure/managedClusterBody';
import { startCall } from '../engine/components/azureCalls';
import { planComponents } from '../plan/planComponents';
import type { PlanInput } from '../plan/types';

/**
 * Sends the Azure writes the engine makes to build a cluster, with the
 * engine's own request bodies, without the engine: the resource group, the
 * managed cluster's PUT (submitted, not awaited) and the write of every
 * planned component, the Flux extension and configurations only with
 * `gitOps`. Fills an Azure emulator with a fleet as the engine would have
 * left it, far faster than building each cluster: a test or benchmark then
 * marks the clusters Ready in the store itself.
 *
 * @public
 */
export async function seedClusterInAzure(
  azure: AzureClients,
  cluster: PlanInput,
  platform: PlatformSettings,
  options: { gitOps: boolean },
): Promise<void> {
  const { azure: ids, name, spec } = cluster;
  const tags = clusterTags(cluster);
  await azure.resources.resourceGroups.createOrUpdate(ids.resourceGroup, {
    location: ids.location,
    tags: azureTags(tags),
  });
  await azure.containerService.managedClusters
    .createOrUpdate(
      ids.resourceGroup,
      name,
      managedClusterBody(name, spec, tags, platform.addons),
    )
    .submitted();
  for (const component of planComponents(cluster, platform)) {
    const gitOps =
      component.call.kind === 'extension' ||
      component.call.kind === 'fluxConfiguration';
    if (gitOps && !options.gitOps) continue;
    await startCall(azure, component.call, 10);
  }
}
