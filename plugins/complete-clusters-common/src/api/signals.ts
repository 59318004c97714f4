/**
 * The Backstage signals channel on which the backend tells a cluster's owner
 * and requester that it changed (a phase, an event, an action taken), so
 * their open pages load it again at once instead of waiting for their next
 * poll. Only the cluster's owner (a user, or the members of a group) and the
 * person who requested it receive a cluster's signals.
 * @public
 */
export const CLUSTER_CHANGED_SIGNAL_CHANNEL =
  'complete-clusters:cluster-changed';

/**
 * What a signal on {@link CLUSTER_CHANGED_SIGNAL_CHANNEL} says: which cluster
 * changed, its phase and when. The cluster itself is then read through the
 * API, with the reader's permissions.
 * @public
 */
export type ClusterChangedSignal = {
  /** The cluster's id (a rebuilt cluster has a new id under the same name). */
  id: string;
  /** The cluster's name. */
  name: string;
  /** Its phase after the change. */
  phase: string;
  /** When it changed (ISO 8601). */
  updatedAt: string;
};
