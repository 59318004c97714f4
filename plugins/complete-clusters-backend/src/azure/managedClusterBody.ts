import type {
  ContainerServiceNetworkProfile,
  ManagedCluster,
  ManagedClusterAddonProfile,
  ManagedClusterAgentPoolProfile,
} from '@azure/arm-containerservice';
import { parseEntityRef } from '@backstage/catalog-model';
import type { ClusterRecord } from '../database/types';
import type { PlatformSettings } from '../config/readCompleteClustersConfig';
import type {
  ClusterTemplateSpec,
  Infrastructure,
  NodePool,
} from '@complete-clusters/plugin-complete-clusters-common';

/** What the engine tags every Azure resource it makes with (tag names may not hold "/"). */
export interface ClusterTags {
  templateName: string;
  templateVersion: string;
  ownerRef: string;
  environment: string;
}

/** The tags of a cluster recorded from a template. */
export function clusterTags(
  cluster: Pick<
    ClusterRecord,
    'templateRef' | 'templateVersion' | 'ownerRef' | 'spec'
  >,
): ClusterTags {
  return {
    templateName: parseEntityRef(cluster.templateRef).name,
    templateVersion: cluster.templateVersion,
    ownerRef: cluster.ownerRef,
    environment: cluster.spec.environment,
  };
}

export function azureTags(tags: ClusterTags): Record<string, string> {
  return {
    'complete-clusters-template': tags.templateName,
    'complete-clusters-template-version': tags.templateVersion,
    'complete-clusters-owner': tags.ownerRef,
    'complete-clusters-environment': tags.environment,
  };
}

function agentPoolProfile(pool: NodePool): ManagedClusterAgentPoolProfile {
  const size = pool.autoscale
    ? {
        enableAutoScaling: true,
        minCount: pool.autoscale.min,
        maxCount: pool.autoscale.max,
        count: pool.autoscale.min,
      }
    : { enableAutoScaling: false, count: pool.count };
  return {
    name: pool.name,
    mode: pool.mode,
    vmSize: pool.vmSize,
    osType: 'Linux',
    type: 'VirtualMachineScaleSets',
    ...size,
    ...(pool.labels ? { nodeLabels: pool.labels } : {}),
    ...(pool.taints ? { nodeTaints: pool.taints } : {}),
  };
}

function networkProfile(
  policy: Infrastructure['networkPolicy'],
): ContainerServiceNetworkProfile {
  switch (policy) {
    case 'cilium':
      // Cilium network policy needs the Cilium dataplane on Azure CNI overlay.
      return {
        networkPlugin: 'azure',
        networkPluginMode: 'overlay',
        networkDataplane: 'cilium',
        networkPolicy: 'cilium',
      };
    case 'none':
      return { networkPlugin: 'azure' };
    default:
      return { networkPlugin: 'azure', networkPolicy: policy };
  }
}

function usesAddon(spec: ClusterTemplateSpec, addon: string): boolean {
  return spec.applications.some(
    a => a.source.type === 'aks-addon' && a.source.addon === addon,
  );
}

/**
 * The add-ons a template needs on the cluster itself: Azure Policy wherever
 * pod security is enforced (it runs the policies the engine assigns), and the
 * Azure-provided applications (Container Insights logging) it declares.
 */
function addonProfiles(
  spec: ClusterTemplateSpec,
  addons: PlatformSettings['addons'],
): Record<string, ManagedClusterAddonProfile> {
  const profiles: Record<string, ManagedClusterAddonProfile> = {};
  if (
    spec.policies.podSecurity !== 'privileged' ||
    usesAddon(spec, 'azure-policy')
  ) {
    profiles.azurepolicy = { enabled: true, config: { version: 'v2' } };
  }
  if (usesAddon(spec, 'container-insights')) {
    if (!addons.logAnalyticsWorkspaceResourceId) {
      throw new Error(
        'completeClusters.addons.logAnalyticsWorkspaceResourceId is not set; requests for container-insights are refused before this point',
      );
    }
    profiles.omsagent = {
      enabled: true,
      config: {
        logAnalyticsWorkspaceResourceID: addons.logAnalyticsWorkspaceResourceId,
        useAADAuth: 'true',
      },
    };
  }
  return profiles;
}

/**
 * The ManagedCluster a resolved template spec asks for: Kubernetes RBAC with
 * Entra ID and Azure RBAC (so access is granted by role assignments, and no
 * local account credential exists), the template's pools and network policy,
 * tagged with where it came from.
 */
export function managedClusterBody(
  name: string,
  spec: ClusterTemplateSpec,
  tags: ClusterTags,
  addons: PlatformSettings['addons'],
): ManagedCluster {
  const infra = spec.infrastructure;
  const profiles = addonProfiles(spec, addons);
  return {
    location: infra.location,
    tags: azureTags(tags),
    identity: { type: 'SystemAssigned' },
    kubernetesVersion: infra.kubernetesVersion,
    dnsPrefix: name,
    enableRbac: true,
    aadProfile: { managed: true, enableAzureRbac: true },
    disableLocalAccounts: true,
    agentPoolProfiles: infra.nodePools.map(agentPoolProfile),
    networkProfile: networkProfile(infra.networkPolicy),
    ...(Object.keys(profiles).length > 0 ? { addonProfiles: profiles } : {}),
    ...(usesAddon(spec, 'managed-prometheus')
      ? { azureMonitorProfile: { metrics: { enabled: true } } }
      : {}),
  };
}
