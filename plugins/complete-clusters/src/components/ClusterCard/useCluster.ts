import { useCallback, useEffect, useRef } from 'react';
import { useApi } from '@backstage/core-plugin-api';
import type {
  ClusterChangedSignal,
  ClusterDetails,
} from '@complete-clusters/plugin-complete-clusters-common';
import { completeClustersApiRef } from '../../api';
import { useClusterChanges } from '../../hooks/useClusterChanges';
import {
  IDLE_REFRESH_INTERVAL_MS,
  REFRESH_INTERVAL_MS,
  usePolling,
} from '../../hooks/usePolling';
import { isSettledPhase } from '../ClusterPhase';

/**
 * One cluster with its events, kept current while the page is visible: loaded
 * again as soon as the backend signals that it changed (to its owner and
 * requester), and polled as a safety net: every few seconds while it is being
 * built until a signal of it has arrived (others than its owner, such as its
 * approvers, get none), less often after that and once it is Ready or Failed
 * (its owners may still scale, update or delete it). The value is undefined
 * when the backend has no cluster of that name.
 */
export function useCluster(name: string) {
  const api = useApi(completeClustersApiRef);
  const concerns = useCallback(
    (change: ClusterChangedSignal) => change.name === name,
    [name],
  );
  const { pushed, changes } = useClusterChanges(concerns);
  // Read at each wait, not a dependency: a new value must not start the polling over.
  const hearsChanges = useRef(false);
  hearsChanges.current = pushed && changes > 0;
  const polling = usePolling<ClusterDetails | undefined>(
    () => api.getCluster(name),
    [api, name],
    (cluster: ClusterDetails | undefined) =>
      cluster && !isSettledPhase(cluster.phase) && !hearsChanges.current
        ? REFRESH_INTERVAL_MS
        : IDLE_REFRESH_INTERVAL_MS,
  );
  const { reload } = polling;
  useEffect(() => {
    if (changes > 0) reload();
  }, [changes, reload]);
  return polling;
}
