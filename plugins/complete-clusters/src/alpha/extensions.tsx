import {
  ApiBlueprint,
  discoveryApiRef,
  fetchApiRef,
  PageBlueprint,
  useRouteRef,
} from '@backstage/frontend-plugin-api';
import { EntityCardBlueprint } from '@backstage/plugin-catalog-react/alpha';
import {
  createFormField,
  FormFieldBlueprint,
} from '@backstage/plugin-scaffolder-react/alpha';
import {
  ANNOTATION_SOURCE_TEMPLATE,
  CLUSTER_RESOURCE_TYPE,
  CompleteClustersClient,
} from '@complete-clusters/plugin-complete-clusters-common';
import StorageIcon from '@material-ui/icons/Storage';
import { completeClustersApiRef } from '../api';
import { fleetRouteRef, rootRouteRef } from './routes';

/** The complete-clusters backend client, from the app's discovery and fetch APIs. */
export const completeClustersApi = ApiBlueprint.make({
  params: defineParams =>
    defineParams({
      api: completeClustersApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new CompleteClustersClient({ discoveryApi, fetchApi }),
    }),
});

/** The Clusters page at /clusters, in the sidebar. */
export const clustersPage = PageBlueprint.make({
  params: {
    path: '/clusters',
    title: 'Clusters',
    icon: <StorageIcon />,
    routeRef: rootRouteRef,
    loader: () => import('./NewClustersPage').then(m => <m.NewClustersPage />),
  },
});

/**
 * The cluster card on the overview of cluster Resources only. Apps may
 * replace the filter through `app.extensions` config.
 */
export const completeClusterEntityCard = EntityCardBlueprint.make({
  name: 'complete-cluster',
  params: {
    type: 'content',
    filter: {
      kind: 'resource',
      'spec.type': CLUSTER_RESOURCE_TYPE,
      // Only clusters made by Complete Clusters, not every kubernetes-cluster Resource in the catalog.
      [`metadata.annotations.${ANNOTATION_SOURCE_TEMPLATE}`]: { $exists: true },
    },
    loader: () =>
      import('../components/ClusterCard').then(m => <m.ClusterCard />),
  },
});

/** On a team's page: its complete-cluster templates' clusters, linking to the fleet view. */
export const teamFleetEntityCard = EntityCardBlueprint.make({
  name: 'team-fleet',
  params: {
    filter: { kind: 'group' },
    loader: () =>
      import('../components/TeamFleetCard').then(m => {
        function NewTeamFleetCard() {
          const fleet = useRouteRef(fleetRouteRef);
          return <m.TeamFleetCard fleetHref={fleet?.() ?? '/clusters/fleet'} />;
        }
        return <NewTeamFleetCard />;
      }),
  },
});

/** On a ClusterTemplate's page: its versions, with what each changed. */
export const templateHistoryEntityCard = EntityCardBlueprint.make({
  name: 'template-history',
  params: {
    filter: { kind: 'clustertemplate' },
    loader: () =>
      import('../components/TemplateHistoryCard').then(m => (
        <m.TemplateHistoryCard />
      )),
  },
});

/**
 * The Scaffolder form field of the generated Templates' pre-flight checks
 * (`ui:field: CompleteClusterPreflight`): live checks, and no submit while
 * one fails. Installed with the plugin; the Scaffolder's form-fields API
 * picks it up.
 */
export const preflightFormField = FormFieldBlueprint.make({
  name: 'preflight',
  params: {
    field: () =>
      import('../components/PreflightField').then(m =>
        createFormField({
          name: m.PREFLIGHT_FIELD_NAME,
          component: m.PreflightField,
          validation: m.preflightFieldValidation,
        }),
      ),
  },
});
