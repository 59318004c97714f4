/**
 * Frontend plugin of complete clusters: the Clusters page with its gallery of
 * complete-cluster templates and the user's clusters, and the entity page card
 * of a cluster. Apps on the new frontend system use `./alpha`.
 *
 * @packageDocumentation
 */
export {
  completeClustersPlugin,
  CompleteClustersPage,
  CompleteClusterPreflightFieldExtension,
  EntityCompleteClusterCard,
  EntityTeamFleetCard,
  EntityTemplateHistoryCard,
} from './plugin';
export { completeClustersApiRef } from './api';
export type { CompleteClustersApi } from './api';
export { ClustersPage } from './components/ClustersPage';
export type { ClustersPageProps } from './components/ClustersPage';
export { TemplateCard } from './components/TemplateCard';
export type { TemplateCardProps } from './components/TemplateCard';
export { MyClusters } from './components/MyClusters';
export { isCompleteClusterEntity } from './components/ClusterCard';
export { PREFLIGHT_FIELD_NAME } from './components/PreflightField';
