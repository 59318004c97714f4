import { readClusterApiServer } from '../azure/clusterCertificateAuthority';
import { describeAzureError } from '../azure/describeAzureError';
import type { ClusterRecord } from '../database/types';
import { failWith, note, PhaseDeps, PhaseOutcome } from './phaseOutcome';

/**
 * Once the managed cluster is built or updated: records the CA certificate of
 * its API server (from the user credential Azure lists), which the catalog
 * hands to the Kubernetes plugin. Nothing else of the kubeconfig is kept.
 *
 * Returns an outcome when the cluster must wait (Azure throttled or failed
 * for a moment: the same step runs again, also after a restart, since the
 * operation state is kept), or undefined to go on. A refusal that another
 * attempt cannot change (no permission to list credentials, a kubeconfig
 * without a CA) is a warning on the cluster, not a failure: the cluster
 * works, only the Kubernetes plugin cannot reach it.
 */
export async function recordCertificateAuthority(
  deps: PhaseDeps,
  cluster: ClusterRecord,
  fqdn: string | undefined,
): Promise<PhaseOutcome | undefined> {
  const aks = deps.azure.containerService.managedClusters;
  try {
    const { certificateAuthority } = await readClusterApiServer(
      aks,
      cluster.azure.resourceGroup,
      cluster.name,
      fqdn,
    );
    if (certificateAuthority !== cluster.azure.certificateAuthority) {
      await deps.store.updateCluster(cluster.id, { certificateAuthority });
    }
    return undefined;
  } catch (e) {
    const failure = describeAzureError(
      e,
      `reading the certificate authority of ${cluster.name}'s API server`,
    );
    if (failure.throttled || failure.transient) {
      const verdict = await failWith(deps, cluster, failure, true);
      return verdict.outcome;
    }
    await note(
      deps,
      cluster,
      `The Kubernetes plugin will not be able to reach ${cluster.name}: ${failure.message}`,
      'warning',
    );
    return undefined;
  }
}
