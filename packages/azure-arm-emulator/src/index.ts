export { createEmulator } from './server/createEmulator';
export type { Emulator, EmulatorOptions } from './server/createEmulator';
export type {
  EmulatorConfig,
  EmulatorState,
  EmulatorStats,
  Operation,
  ResourceKind,
  StoredResource,
} from './server/context';
export { TokenBucket } from './throttling/tokenBucket';
export type { TokenBucketOptions } from './throttling/tokenBucket';
export { defaultThrottling } from './throttling/throttler';
export type { ThrottlingConfig, BucketConfig } from './throttling/throttler';
export type { FaultConfig } from './faults/faults';
export { ArmError, armErrorBody } from './errors';
export { createSelfSignedCertificate } from './server/tls';
