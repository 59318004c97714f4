export { completeClustersApiRef } from './CompleteClustersApi';
export type { CompleteClustersApi } from './CompleteClustersApi';
