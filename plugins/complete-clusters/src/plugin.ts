import { createPlugin, createRoutableExtension } from '@backstage/core-plugin-api';
import { createTemplateRouteRef, rootRouteRef } from './routes';

/**
 * The complete-clusters frontend plugin for apps on the legacy frontend system.
 * Bind `externalRoutes.createTemplate` to `scaffolderPlugin.routes.selectedTemplate`.
 * @public
 */
export const completeClustersPlugin = createPlugin({
  id: 'complete-clusters',
  routes: { root: rootRouteRef },
  externalRoutes: { createTemplate: createTemplateRouteRef },
});

/**
 * The Clusters page: the gallery of complete-cluster templates.
 * @public
 */
export const CompleteClustersPage = completeClustersPlugin.provide(
  createRoutableExtension({
    name: 'CompleteClustersPage',
    component: () => import('./components/ClustersPage/LegacyClustersPage').then(m => m.LegacyClustersPage),
    mountPoint: rootRouteRef,
  }),
);
