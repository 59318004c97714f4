/**
 * Cluster extension types Microsoft.KubernetesConfiguration offers on AKS.
 * The type names are real (`az k8s-extension create --extension-type …`, AKS
 * docs); the versions are plausible current ones, not a live list:
 * microsoft.flux 1.19.5 is the version reported in Azure/AKS#5625, the
 * others are the emulator's choice.
 */
export interface ExtensionType {
  /** Lower-case, as Azure compares them. */
  name: string;
  /** The version installed when none is pinned. */
  latestVersion: string;
  /** Release trains the type publishes. */
  releaseTrains: string[];
  /** Namespace a cluster-scoped install uses when the request names none. */
  defaultReleaseNamespace: string;
  /** Whether the type can be installed with `scope.namespace`. */
  namespaceScope: boolean;
}

export const EXTENSION_TYPES: readonly ExtensionType[] = [
  {
    name: 'microsoft.flux',
    latestVersion: '1.19.5',
    releaseTrains: ['stable'],
    defaultReleaseNamespace: 'flux-system',
    namespaceScope: false,
  },
  {
    name: 'microsoft.azuremonitor.containers',
    latestVersion: '3.1.26',
    releaseTrains: ['stable', 'preview'],
    defaultReleaseNamespace: 'kube-system',
    namespaceScope: false,
  },
  {
    name: 'microsoft.azureml.kubernetes',
    latestVersion: '1.1.71',
    releaseTrains: ['stable', 'preview'],
    defaultReleaseNamespace: 'azureml',
    namespaceScope: false,
  },
  {
    name: 'microsoft.dapr',
    latestVersion: '1.14.4',
    releaseTrains: ['stable', 'dev'],
    defaultReleaseNamespace: 'dapr-system',
    namespaceScope: false,
  },
  {
    name: 'microsoft.azuredefender.kubernetes',
    latestVersion: '0.7.3',
    releaseTrains: ['stable', 'preview'],
    defaultReleaseNamespace: 'mdc',
    namespaceScope: false,
  },
  {
    name: 'microsoft.dataprotection.kubernetes',
    latestVersion: '0.0.2286',
    releaseTrains: ['stable'],
    defaultReleaseNamespace: 'dataprotection-microsoft',
    namespaceScope: false,
  },
  {
    name: 'microsoft.openservicemesh',
    latestVersion: '1.2.10',
    releaseTrains: ['stable'],
    defaultReleaseNamespace: 'arc-osm-system',
    namespaceScope: false,
  },
  {
    name: 'microsoft.azure.secretstore',
    latestVersion: '1.0.4',
    releaseTrains: ['stable', 'preview'],
    defaultReleaseNamespace: 'azure-secret-store',
    namespaceScope: true,
  },
];

export function findExtensionType(name: unknown): ExtensionType | undefined {
  if (typeof name !== 'string') return undefined;
  const lower = name.toLowerCase();
  return EXTENSION_TYPES.find(t => t.name === lower);
}
