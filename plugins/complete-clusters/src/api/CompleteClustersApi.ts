import { createApiRef } from '@backstage/frontend-plugin-api';
import type { CompleteClustersClient } from '@complete-clusters/plugin-complete-clusters-common';

/**
 * What the frontend asks of the complete-clusters backend: the public methods
 * of the shared {@link @complete-clusters/plugin-complete-clusters-common#CompleteClustersClient}.
 * @public
 */
export type CompleteClustersApi = {
  [K in keyof CompleteClustersClient]: CompleteClustersClient[K];
};

/**
 * The {@link CompleteClustersApi}; both frontend systems provide it from the
 * app's discovery and fetch APIs.
 * @public
 */
export const completeClustersApiRef = createApiRef<CompleteClustersApi>().with({
  id: 'plugin.complete-clusters.api',
  pluginId: 'complete-clusters',
});
