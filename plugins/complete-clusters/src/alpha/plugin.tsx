import { createFrontendPlugin } from '@backstage/frontend-plugin-api';
import {
  clustersPage,
  completeClusterEntityCard,
  completeClustersApi,
  preflightFormField,
  teamFleetEntityCard,
  templateHistoryEntityCard,
} from './extensions';
import { createTemplateRouteRef, fleetRouteRef, rootRouteRef } from './routes';

/**
 * The complete-clusters frontend plugin for the new frontend system: the
 * Clusters page at /clusters, in the sidebar, the card on cluster Resources'
 * entity pages, the fleet view under it (/clusters/fleet) with a card on
 * team (Group) pages linking to it, a ClusterTemplate's version history on
 * its page, the Scaffolder form field of the generated Templates' pre-flight
 * checks, and the backend client they use.
 * @alpha
 */
export default createFrontendPlugin({
  pluginId: 'complete-clusters',
  extensions: [
    completeClustersApi,
    clustersPage,
    completeClusterEntityCard,
    teamFleetEntityCard,
    templateHistoryEntityCard,
    preflightFormField,
  ],
  routes: { root: rootRouteRef, fleet: fleetRouteRef },
  externalRoutes: { createTemplate: createTemplateRouteRef },
});
