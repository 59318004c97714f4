import { useEffect, useRef, useState } from 'react';
import { useSignal } from '@backstage/plugin-signals-react';
import {
  CLUSTER_CHANGED_SIGNAL_CHANNEL,
  type ClusterChangedSignal,
} from '@complete-clusters/plugin-complete-clusters-common';

/** Signals that come close together (a build records several changes a second) count once. */
export const SIGNAL_SETTLE_MS = 250;

/** What {@link useClusterChanges} has seen. */
export interface ClusterChanges {
  /** Whether signals reach this app at all (its signals plugin is installed). */
  pushed: boolean;
  /** How many changes that concern the view were signalled since it mounted: load again when it grows. */
  changes: number;
}

/**
 * Counts the changes of clusters that `concerns` the view, as the backend
 * signals them (Backstage signals: the backend tells a cluster's owner and
 * requester that it changed). Where signals reach the app a view can poll
 * less often, as a safety net; where the app has no signals plugin nothing is
 * counted and the view polls as before.
 */
export function useClusterChanges(
  concerns: (change: ClusterChangedSignal) => boolean = () => true,
): ClusterChanges {
  const { lastSignal, isSignalsAvailable } = useSignal<ClusterChangedSignal>(
    CLUSTER_CHANGED_SIGNAL_CHANNEL,
  );
  const [changes, setChanges] = useState(0);
  const latestConcerns = useRef(concerns);
  latestConcerns.current = concerns;

  useEffect(() => {
    if (!lastSignal || !latestConcerns.current(lastSignal)) return undefined;
    const timer = setTimeout(() => setChanges(n => n + 1), SIGNAL_SETTLE_MS);
    return () => clearTimeout(timer);
  }, [lastSignal]);

  return { pushed: isSignalsAvailable, changes };
}
