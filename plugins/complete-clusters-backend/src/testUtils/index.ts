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
export type { PlanInput } from '../plan/types';
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
