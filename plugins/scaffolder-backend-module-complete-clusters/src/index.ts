/**
 * Scaffolder actions of complete clusters: record the request for a cluster
 * with the complete-clusters backend and follow it, one step per phase.
 *
 * @packageDocumentation
 */

export { scaffolderModuleCompleteClusters as default } from './module';
export { createRequestClusterAction } from './actions/requestCluster';
export { createWaitForClusterAction } from './actions/waitForCluster';
// The action ids are defined once, in -common; kept here for existing imports.
export {
  REQUEST_CLUSTER_ACTION_ID,
  WAIT_FOR_CLUSTER_ACTION_ID,
} from '@complete-clusters/plugin-complete-clusters-common';
export type { WaitForClusterActionOptions } from './actions/waitForCluster';
export type { ClusterActionOptions, ClusterApi } from './actions/backend';
export { enableSqliteSecureDelete } from './secureDelete';
