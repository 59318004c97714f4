/**
 * Shared model of complete clusters: the ClusterTemplate kind (types, JSON
 * schema, validation), consumer parameters and the naming rules.
 *
 * @packageDocumentation
 */

export * from './model/constants';
export type * from './model/ClusterTemplate';
export { clusterTemplateSchema } from './model/clusterTemplateSchema';
export {
  isGpuVmSize,
  describePoolSize,
  describePolicies,
  describeApplicationSource,
} from './model/summary';
export {
  ClusterTemplateValidationError,
  formatProblems,
} from './validation/ValidationProblem';
export type { ValidationProblem } from './validation/ValidationProblem';
export {
  assertValidClusterTemplate,
  clusterTemplateProblems,
  isClusterTemplateEntity,
  parseClusterTemplate,
} from './validation/validateClusterTemplate';
export type { ParsedClusterTemplate } from './validation/validateClusterTemplate';
export { readField, templatePath, writeField } from './parameters/fieldPath';
export { AZURE_REGIONS } from './model/azureRegions';
export { VM_SIZE_PATTERN } from './model/vmSizes';
export { SUPPORTED_KUBERNETES_MINORS } from './model/kubernetesVersions';
export {
  applyParameters,
  parameterDefault,
  requestFormSchema,
} from './parameters/consumerParameters';
export {
  CLUSTER_NAME_MAX_LENGTH,
  CLUSTER_NAME_MIN_LENGTH,
  CLUSTER_NAME_PATTERN,
  CLUSTER_NAME_RULE,
  clusterNameProblem,
} from './parameters/clusterName';
export * from './api/phases';
export * from './api/fleet';
export { describeTemplateChange } from './api/describeTemplateChange';
export type * from './api/types';
export type * from './api/preflight';
export type * from './api/cost';
export { CLUSTER_CHANGED_SIGNAL_CHANNEL } from './api/signals';
export type { ClusterChangedSignal } from './api/signals';
export {
  CompleteClustersClient,
  COMPLETE_CLUSTERS_PLUGIN_ID,
} from './api/CompleteClustersClient';
export type { RequestOptions } from './api/CompleteClustersClient';
export * from './permissions';
