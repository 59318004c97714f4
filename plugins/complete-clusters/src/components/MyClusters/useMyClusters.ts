import { useApi } from '@backstage/core-plugin-api';
import type { Cluster } from '@complete-clusters/plugin-complete-clusters-common';
import { completeClustersApiRef } from '../../api';
import { usePolling } from '../../hooks/usePolling';
import { isSettledPhase } from '../ClusterPhase';

/**
 * The clusters owned by the signed-in user or their groups, newest first,
 * refreshed every few seconds while any of them is still being built.
 */
export function useMyClusters() {
  const api = useApi(completeClustersApiRef);
  return usePolling(
    async () => {
      const clusters = await api.listClusters({ mine: true });
      return [...clusters].sort((a, b) => b.createdAt.localeCompare(a.createdAt));
    },
    (clusters: Cluster[]) => clusters.some(cluster => !isSettledPhase(cluster.phase)),
    [api],
  );
}
