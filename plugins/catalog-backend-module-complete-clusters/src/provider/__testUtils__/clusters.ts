import type { Cluster } from '@complete-clusters/plugin-complete-clusters-common';

/** A cluster as the complete-clusters API lists it, with overrides. */
export function aCluster(
  overrides: Partial<Cluster> = {},
  azure: Partial<Cluster['azure']> = {},
): Cluster {
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
    nodePools: [
      {
        name: 'system',
        mode: 'System',
        vmSize: 'Standard_D4ds_v5',
        size: '2 nodes',
      },
    ],
    applications: [
      {
        name: 'ai-models',
        version: '1.4.2',
        namespace: 'ai-models',
        source:
          'Helm chart kuberay-operator from https://ray-project.github.io/kuberay-helm/',
      },
      {
        name: 'logging',
        version: 'aks-managed',
        source: 'AKS add-on container-insights',
      },
    ],
    policies: [
      'No privileged containers (baseline)',
      'Network traffic allowed by default',
    ],
    createdAt: '2025-01-01T00:00:00.000Z',
    updatedAt: '2025-01-01T00:10:00.000Z',
    ...overrides,
  };
}

/** A cluster CA certificate as AKS lists it in a kubeconfig (made by the emulator; public). */
export const CLUSTER_CA = `-----BEGIN CERTIFICATE-----
MIIBXDCCAQKgAwIBAgIQG7oSTK1XwVK/nHDP5H/PcjAKBggqhkjOPQQDAjANMQsw
CQYDVQQDEwJjYTAgFw0yNjEyMDMxNDM5NDRaGA8yMDU2MTEyNTE0Mzk0NFowDTEL
MAkGA1UEAxMCY2EwWTATBgcqhkjOPQIBBggqhkjOPQMBBwNCAATPCq7GKC6GZq6n
emx8UpOHOyuTizloUTWR61M+/SLOmNdPmV4NrFKCHXiiRTmY+f+Q4fJghDhzUvLF
uzII9Vueo0IwQDAOBgNVHQ8BAf8EBAMCAqQwDwYDVR0TAQH/BAUwAwEB/zAdBgNV
HQ4EFgQUiSNcuOy0d7oI4UEzpMA8H/gObW8wCgYIKoZIzj0EAwIDSAAwRQIhAMIj
f88yMAb2qME4m+xHzXW+JSl+bsxLHoCU2N3SkpgrAiBHCv+3XtNwgnYTLqC3PYOv
72B4zr6/DwmRT96W0CmdMA==
-----END CERTIFICATE-----
`;
