import type {
  FluxConfiguration,
  GitRepositoryDefinition,
  KustomizationDefinition,
} from '@azure/arm-kubernetesconfiguration';
import type { PlatformSettings } from '../config/readCompleteClustersConfig';

/** The name of the AKS cluster extension that runs Flux. */
export const FLUX_EXTENSION_NAME = 'flux';

/** The namespace Flux's own objects (sources, kustomizations, Helm releases) live in. */
export const FLUX_NAMESPACE = 'flux-system';

const SYNC = { syncIntervalInSeconds: 600, timeoutInSeconds: 600 };

/** ISO 8601 duration of whole minutes, as Azure's reconciliationWaitDuration takes it. */
function isoMinutes(ms: number): string {
  return `PT${Math.max(1, Math.ceil(ms / 60_000))}M`;
}

export function fluxConfigurationId(clusterId: string, name: string): string {
  return `${clusterId}/providers/Microsoft.KubernetesConfiguration/fluxConfigurations/${name}`;
}

export function extensionId(clusterId: string, name: string): string {
  return `${clusterId}/providers/Microsoft.KubernetesConfiguration/extensions/${name}`;
}

/** A path in the platform's GitOps folder, as Flux kustomizations take it. */
export function platformPath(
  platform: PlatformSettings,
  folder: string,
): string {
  return `./${platform.gitops.path ? `${platform.gitops.path}/` : ''}${folder}`;
}

/** The platform's GitOps repository, pinned as configured. */
export function platformRepository(
  platform: PlatformSettings,
): GitRepositoryDefinition {
  return {
    url: platform.gitops.url,
    repositoryRef: { ...platform.gitops.ref },
    ...SYNC,
  };
}

/**
 * A cluster-wide Flux configuration pulling one git repository, whose
 * provisioning waits until Flux has applied it (so Azure reports failure
 * rather than an operation that succeeded on paper).
 */
export function fluxConfiguration(
  platform: PlatformSettings,
  gitRepository: GitRepositoryDefinition,
  kustomizations: Record<string, KustomizationDefinition>,
): FluxConfiguration {
  return {
    scope: 'cluster',
    namespace: FLUX_NAMESPACE,
    sourceKind: 'GitRepository',
    suspend: false,
    gitRepository,
    kustomizations,
    waitForReconciliation: true,
    reconciliationWaitDuration: isoMinutes(platform.applicationTimeoutMs),
  };
}

/** A kustomization that prunes what it no longer declares and waits for what it applies to be ready. */
export function kustomization(
  path: string,
  substitute?: Record<string, string>,
  dependsOn: string[] = [],
): KustomizationDefinition {
  return {
    path,
    dependsOn,
    ...SYNC,
    retryIntervalInSeconds: 120,
    prune: true,
    wait: true,
    ...(substitute ? { postBuild: { substitute } } : {}),
  };
}
