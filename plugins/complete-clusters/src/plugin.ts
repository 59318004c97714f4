import {
  createApiFactory,
  createComponentExtension,
  createPlugin,
  createRoutableExtension,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/core-plugin-api';
import { createScaffolderFieldExtension } from '@backstage/plugin-scaffolder-react';
import { CompleteClustersClient } from '@complete-clusters/plugin-complete-clusters-common';
import { completeClustersApiRef } from './api';
import {
  PREFLIGHT_FIELD_NAME,
  PreflightField,
  preflightFieldValidation,
  type PreflightFieldOptions,
} from './components/PreflightField';
import { createTemplateRouteRef, fleetRouteRef, rootRouteRef } from './routes';

/**
 * The complete-clusters frontend plugin for apps on the legacy frontend system.
 * Bind `externalRoutes.createTemplate` to `scaffolderPlugin.routes.selectedTemplate`.
 * @public
 */
export const completeClustersPlugin = createPlugin({
  id: 'complete-clusters',
  apis: [
    createApiFactory({
      api: completeClustersApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new CompleteClustersClient({ discoveryApi, fetchApi }),
    }),
  ],
  routes: { root: rootRouteRef, fleet: fleetRouteRef },
  externalRoutes: { createTemplate: createTemplateRouteRef },
});

/**
 * The Clusters page: the gallery of complete-cluster templates and the
 * signed-in user's clusters.
 * @public
 */
export const CompleteClustersPage = completeClustersPlugin.provide(
  createRoutableExtension({
    name: 'CompleteClustersPage',
    component: () =>
      import('./components/ClustersPage/LegacyClustersPage').then(
        m => m.LegacyClustersPage,
      ),
    mountPoint: rootRouteRef,
  }),
);

/**
 * The entity page card of a complete cluster. Show it on Resources for which
 * `isCompleteClusterEntity` holds.
 * @public
 */
export const EntityCompleteClusterCard = completeClustersPlugin.provide(
  createComponentExtension({
    name: 'EntityCompleteClusterCard',
    component: {
      lazy: () => import('./components/ClusterCard').then(m => m.ClusterCard),
    },
  }),
);

/**
 * On a team's (Group) page: its complete-cluster templates' clusters per
 * phase, linking to the fleet view (the Clusters page's `fleet` sub-page).
 * @public
 */
export const EntityTeamFleetCard = completeClustersPlugin.provide(
  createComponentExtension({
    name: 'EntityTeamFleetCard',
    component: {
      lazy: () =>
        import('./components/TeamFleetCard/LegacyTeamFleetCard').then(
          m => m.LegacyTeamFleetCard,
        ),
    },
  }),
);

/**
 * On a ClusterTemplate's page: its versions as the portal recorded them, with
 * what each changed per layer.
 * @public
 */
export const EntityTemplateHistoryCard = completeClustersPlugin.provide(
  createComponentExtension({
    name: 'EntityTemplateHistoryCard',
    component: {
      lazy: () =>
        import('./components/TemplateHistoryCard').then(
          m => m.TemplateHistoryCard,
        ),
    },
  }),
);

/**
 * The Scaffolder form field that shows a complete-cluster request's
 * pre-flight checks live and keeps the form from submitting while one fails.
 * The generated Templates name it (`ui:field: CompleteClusterPreflight`);
 * place it inside the app's `<ScaffolderFieldExtensions>`.
 * @public
 */
export const CompleteClusterPreflightFieldExtension =
  completeClustersPlugin.provide(
    createScaffolderFieldExtension<string, PreflightFieldOptions>({
      name: PREFLIGHT_FIELD_NAME,
      component: PreflightField,
      validation: preflightFieldValidation,
    }),
  );
