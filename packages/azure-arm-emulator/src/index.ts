export { createEmulator } from './server/createEmulator';
export type { Emulator, EmulatorOptions } from './server/createEmulator';
export type {
  EmulatorConfig,
  EmulatorState,
  EmulatorStats,
  Operation,
  QuotaLimits,
  ResourceKind,
  StoredResource,
  WriteCounts,
} from './server/context';
export { RESOURCE_KINDS } from './server/context';
export { AZURE_REGIONS } from './catalog/regions';
export { EXTENSION_TYPES, findExtensionType } from './catalog/extensionTypes';
export type { ExtensionType } from './catalog/extensionTypes';
export { BUILT_IN_ROLES, findBuiltInRole } from './catalog/builtInRoles';
export type { BuiltInRole, Permission } from './catalog/builtInRoles';
export {
  BUILT_IN_POLICIES,
  findBuiltInPolicy,
} from './catalog/policyDefinitions';
export type {
  BuiltInPolicy,
  PolicyParameter,
} from './catalog/policyDefinitions';
export { VM_SIZES, findVmSize } from './catalog/vmSizes';
export type { VmSize } from './catalog/vmSizes';
export { TokenBucket } from './throttling/tokenBucket';
export type { TokenBucketOptions } from './throttling/tokenBucket';
export { defaultThrottling } from './throttling/throttler';
export type { ThrottlingConfig, BucketConfig } from './throttling/throttler';
export type { FaultConfig } from './faults/faults';
export { AksError, ArmError, armErrorBody } from './errors';
export { createSelfSignedCertificate } from './server/tls';
export { emulatorAccessToken, EMULATOR_TENANT_ID } from './auth/accessToken';
export type { EmulatorTokenOptions } from './auth/accessToken';
export { API_TYPES } from './catalog/apiVersions';
export type { ApiType, ApiTypeName } from './catalog/apiVersions';
export { DEFAULT_SUBSCRIPTIONS } from './resources/subscriptions';
export type { EmulatorSubscription } from './resources/subscriptions';
export { KUBERNETES_VERSIONS } from './catalog/kubernetesVersions';
export type {
  KubernetesMinorVersion,
  KubernetesVersionsByRegion,
} from './catalog/kubernetesVersions';
export { RETAIL_PRICES_FIXTURE } from './prices/retailPricesFixture';
