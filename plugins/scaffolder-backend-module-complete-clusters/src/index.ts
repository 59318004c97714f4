/**
 * Scaffolder actions of complete clusters: record the request for a cluster
 * with the complete-clusters backend and follow it, one step per phase.
 *
 * @packageDocumentation
 */

export { scaffolderModuleCompleteClusters as default } from './module';
export {
  createRequestClusterAction,
  REQUEST_CLUSTER_ACTION_ID,
} from './actions/requestCluster';
export {
  createWaitForClusterAction,
  WAIT_FOR_CLUSTER_ACTION_ID,
} from './actions/waitForCluster';
export type { WaitForClusterActionOptions } from './actions/waitForCluster';
export type { ClusterActionOptions, ClusterApi } from './actions/backend';
export { enableSqliteSecureDelete } from './secureDelete';
