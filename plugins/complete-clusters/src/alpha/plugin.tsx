import { createFrontendPlugin } from '@backstage/frontend-plugin-api';
import { clustersPage, completeClusterEntityCard, completeClustersApi } from './extensions';
import { createTemplateRouteRef, rootRouteRef } from './routes';

/**
 * The complete-clusters frontend plugin for the new frontend system: the
 * Clusters page at /clusters, in the sidebar, the card on cluster Resources'
 * entity pages, and the backend client they use.
 * @alpha
 */
export default createFrontendPlugin({
  pluginId: 'complete-clusters',
  extensions: [completeClustersApi, clustersPage, completeClusterEntityCard],
  routes: { root: rootRouteRef },
  externalRoutes: { createTemplate: createTemplateRouteRef },
});
