/**
 * Frontend plugin of complete clusters: the Clusters page with its gallery of
 * complete-cluster templates. Apps on the new frontend system use `./alpha`.
 *
 * @packageDocumentation
 */
export { completeClustersPlugin, CompleteClustersPage } from './plugin';
export { ClustersPage } from './components/ClustersPage';
export type { ClustersPageProps } from './components/ClustersPage';
export { TemplateCard } from './components/TemplateCard';
export type { TemplateCardProps } from './components/TemplateCard';
