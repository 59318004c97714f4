import { useApi } from '@backstage/core-plugin-api';
import type { ClusterDetails } from '@complete-clusters/plugin-complete-clusters-common';
import { completeClustersApiRef } from '../../api';
import {
  IDLE_REFRESH_INTERVAL_MS,
  REFRESH_INTERVAL_MS,
  usePolling,
} from '../../hooks/usePolling';
import { isSettledPhase } from '../ClusterPhase';

/**
 * One cluster with its events, kept current while the page is visible: every
 * few seconds while it is being built, less often once it is Ready or Failed
 * (its owners may still scale, update or delete it). The value is undefined
 * when the backend has no cluster of that name.
 */
export function useCluster(name: string) {
  const api = useApi(completeClustersApiRef);
  return usePolling<ClusterDetails | undefined>(
    () => api.getCluster(name),
    [api, name],
    (cluster: ClusterDetails | undefined) =>
      cluster && !isSettledPhase(cluster.phase)
        ? REFRESH_INTERVAL_MS
        : IDLE_REFRESH_INTERVAL_MS,
  );
}
