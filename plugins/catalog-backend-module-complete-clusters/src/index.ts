/**
 * Catalog module of complete clusters: the ClusterTemplate kind and the
 * Scaffolder Templates generated from it.
 *
 * @packageDocumentation
 */

export { catalogModuleCompleteClusters as default } from './module';
export { ClusterTemplateProcessor } from './processor/ClusterTemplateProcessor';
