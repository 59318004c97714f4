import { useApi } from '@backstage/core-plugin-api';
import type { ClusterDetails } from '@complete-clusters/plugin-complete-clusters-common';
import { completeClustersApiRef } from '../../api';
import { usePolling } from '../../hooks/usePolling';
import { isSettledPhase } from '../ClusterPhase';

/**
 * One cluster with its events, refreshed every few seconds until it is Ready
 * or Failed. The value is undefined when the backend has no cluster of that name.
 */
export function useCluster(name: string) {
  const api = useApi(completeClustersApiRef);
  return usePolling(
    () => api.getCluster(name),
    (cluster: ClusterDetails | undefined) => cluster !== undefined && !isSettledPhase(cluster.phase),
    [api, name],
  );
}
