/**
 * Backend plugin of complete clusters. So far: the store of cluster requests
 * and their events; the reconciler, catalog provider and HTTP API follow.
 *
 * @packageDocumentation
 */
export { DatabaseClusterStore } from './database/DatabaseClusterStore';
export type { ClusterEvent, ClusterPhase, ClusterRecord, ClusterStore, NewClusterRequest } from './database/types';
