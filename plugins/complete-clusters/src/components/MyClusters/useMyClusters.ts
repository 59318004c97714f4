import { useApi } from '@backstage/core-plugin-api';
import type { Cluster } from '@complete-clusters/plugin-complete-clusters-common';
import { completeClustersApiRef } from '../../api';
import {
  IDLE_REFRESH_INTERVAL_MS,
  REFRESH_INTERVAL_MS,
  usePolling,
} from '../../hooks/usePolling';
import { isSettledPhase } from '../ClusterPhase';

/**
 * The clusters owned by the signed-in user or their groups, newest first,
 * kept current while the page is visible: every few seconds while any is
 * being built, less often while all are at rest.
 */
export function useMyClusters() {
  const api = useApi(completeClustersApiRef);
  return usePolling(
    async () => {
      const clusters = await api.listClusters({ mine: true });
      return [...clusters].sort((a, b) =>
        b.createdAt.localeCompare(a.createdAt),
      );
    },
    [api],
    (clusters: Cluster[] | undefined) =>
      clusters?.every(cluster => isSettledPhase(cluster.phase))
        ? IDLE_REFRESH_INTERVAL_MS
        : REFRESH_INTERVAL_MS,
  );
}
