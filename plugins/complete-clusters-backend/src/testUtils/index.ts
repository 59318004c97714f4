/**
 * Utilities for tests and benchmarks of the complete-clusters backend: the
 * parts of the engine and store they drive directly, without the plugin's
 * schedules and HTTP API. Not for a running portal.
 *
 * @packageDocumentation
 */
export { createDriftCheck } from './createDriftCheck';
export type { DriftCheck } from './createDriftCheck';
export type { DriftCycleReport } from '../engine/drift/DriftDetector';
export { seedClusterInAzure } from './seedClusterInAzure';
export { dependencyFloor } from '../plan/dependencyFloor';
export type { AddonCheck, AzureCall, PlanInput } from '../plan/types';
export {
  DatabaseFleetReader,
  type FleetPageQuery,
} from '../database/DatabaseFleetReader';
export { DatabaseClusterStore } from '../database/DatabaseClusterStore';
export { Reconciler } from '../engine/Reconciler';
export {
  reserveOf,
  SubscriptionPacer,
} from '../azure/pacing/SubscriptionPacer';
export { readPacingSettings } from '../config/readPacingSettings';
export type { PacingSettings } from '../config/readPacingSettings';
export type { BucketLimit, PacingBucket } from '../azure/pacing/pacingBuckets';
export type {
  ClusterChange,
  ClusterEvent,
  ClusterEventPage,
  ClusterFilter,
  ClusterPageQuery,
  ClusterPatch,
  ClusterRecord,
  ClusterStore,
  ComponentStatus,
  ComponentUpdate,
  DeletionRequest,
  LeaseRecord,
  NewClusterEvent,
  NewClusterRequest,
  NewDeletionRequest,
  NewRollout,
  OwnershipChange,
  Principal,
  Principals,
  RolloutRecord,
} from '../database/types';
export type {
  ComponentOp,
  OperationFailures,
  OperationState,
} from '../database/operationState';
export type {
  ClusterCheckStore,
  ClusterComponentStore,
  ClusterEventStore,
  ClusterRequestStore,
  ClusterStepStore,
  RolloutStore,
  WorkQueueStore,
} from '../database/stores';
export { createAzureClients } from '../azure/createAzureClients';
export type {
  AzureClientOptions,
  AzureClients,
  AzureConnection,
} from '../azure/createAzureClients';
export type {
  AzureCredentialSettings,
  AzureSettings,
  SubscriptionSettings,
} from '../config/readAzureSettings';
export type {
  EngineSettings,
  PlatformSettings,
} from '../config/readCompleteClustersConfig';
export { azureIdsFor } from '../azure/azureIds';
