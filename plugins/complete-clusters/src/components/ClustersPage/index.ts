export { ClustersPage } from './ClustersPage';
export type { ClustersPageProps } from './ClustersPage';
