import { createFrontendPlugin, PageBlueprint } from '@backstage/frontend-plugin-api';
import StorageIcon from '@material-ui/icons/Storage';
import { createTemplateRouteRef, rootRouteRef } from './routes';

const clustersPage = PageBlueprint.make({
  params: {
    path: '/clusters',
    title: 'Clusters',
    icon: <StorageIcon />,
    routeRef: rootRouteRef,
    loader: () => import('./NewClustersPage').then(m => <m.NewClustersPage />),
  },
});

/**
 * The complete-clusters frontend plugin for the new frontend system: the
 * Clusters page at /clusters, in the sidebar.
 * @alpha
 */
export default createFrontendPlugin({
  pluginId: 'complete-clusters',
  extensions: [clustersPage],
  routes: { root: rootRouteRef },
  externalRoutes: { createTemplate: createTemplateRouteRef },
});
