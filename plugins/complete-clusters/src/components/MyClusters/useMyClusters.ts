import { useEffect } from 'react';
import { useApi } from '@backstage/core-plugin-api';
import type { Cluster } from '@complete-clusters/plugin-complete-clusters-common';
import { completeClustersApiRef } from '../../api';
import { useClusterChanges } from '../../hooks/useClusterChanges';
import {
  IDLE_REFRESH_INTERVAL_MS,
  REFRESH_INTERVAL_MS,
  usePolling,
} from '../../hooks/usePolling';
import { isSettledPhase } from '../ClusterPhase';

/**
 * The clusters owned by the signed-in user or their groups, newest first,
 * kept current while the page is visible: loaded again as soon as the backend
 * signals a change of one of them (signals reach a cluster's owner and
 * requester, so every cluster listed here), and polled as a safety net: every
 * few seconds while one is being built and signals do not reach the app, less
 * often otherwise.
 */
export function useMyClusters() {
  const api = useApi(completeClustersApiRef);
  const { pushed, changes } = useClusterChanges();
  const polling = usePolling(
    async () => {
      const clusters = await api.listClusters({ mine: true });
      return [...clusters].sort((a, b) =>
        b.createdAt.localeCompare(a.createdAt),
      );
    },
    [api, pushed],
    (clusters: Cluster[] | undefined) =>
      pushed || clusters?.every(cluster => isSettledPhase(cluster.phase))
        ? IDLE_REFRESH_INTERVAL_MS
        : REFRESH_INTERVAL_MS,
  );
  const { reload } = polling;
  useEffect(() => {
    if (changes > 0) reload();
  }, [changes, reload]);
  return polling;
}
