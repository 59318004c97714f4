/**
 * Catalog module of complete clusters: the ClusterTemplate kind, the
 * Scaffolder Templates generated from it, and a Resource for every requested
 * cluster.
 *
 * @packageDocumentation
 */

export { catalogModuleCompleteClusters as default } from './module';
export { ClusterTemplateProcessor } from './processor/ClusterTemplateProcessor';
export { ClusterEntityProvider } from './provider/ClusterEntityProvider';
