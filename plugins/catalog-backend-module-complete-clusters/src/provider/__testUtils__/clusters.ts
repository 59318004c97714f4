import type { Cluster } from '@complete-clusters/plugin-complete-clusters-common';

/** A cluster as the complete-clusters API lists it, with overrides. */
export function aCluster(overrides: Partial<Cluster> = {}, azure: Partial<Cluster['azure']> = {}): Cluster {
  const name = overrides.name ?? 'dev-ai-1';
  return {
    id: `id-${name}`,
    name,
    templateRef: 'clustertemplate:default/developer',
    templateVersion: '1.2.0',
    environment: 'development',
    ownerRef: 'user:default/jane',
    requestedBy: 'user:default/jane',
    phase: 'Ready',
    activity: 'create',
    parameters: { name, gpuNodes: 1 },
    azure: {
      subscriptionId: '00000000-0000-0000-0000-000000000001',
      resourceGroup: `rg-${name}`,
      resourceId: `/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg-${name}/providers/Microsoft.ContainerService/managedClusters/${name}`,
      location: 'southeastasia',
      fqdn: `${name}-1a2b3c4d.hcp.southeastasia.azmk8s.io`,
      ...azure,
    },
    nodePools: [{ name: 'system', mode: 'System', vmSize: 'Standard_D4ds_v5', size: '2 nodes' }],
    applications: [
      { name: 'ai-models', version: '1.4.2', namespace: 'ai-models', source: 'Helm chart kuberay-operator from https://ray-project.github.io/kuberay-helm/' },
      { name: 'logging', version: 'aks-managed', source: 'AKS add-on container-insights' },
    ],
    policies: ['No privileged containers (baseline)', 'Network traffic allowed by default'],
    createdAt: '2025-01-01T00:00:00.000Z',
    updatedAt: '2025-01-01T00:10:00.000Z',
    ...overrides,
  };
}
