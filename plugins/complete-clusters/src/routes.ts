import {
  createExternalRouteRef,
  createRouteRef,
  createSubRouteRef,
} from '@backstage/core-plugin-api';

/** The Clusters page (legacy frontend system). */
export const rootRouteRef = createRouteRef({ id: 'complete-clusters' });

/** The fleet view, under the Clusters page (legacy frontend system). */
export const fleetRouteRef = createSubRouteRef({
  id: 'complete-clusters-fleet',
  parent: rootRouteRef,
  path: '/fleet',
});

/**
 * Where a template's Create button leads: the Scaffolder form of the
 * generated Template. Bind it to the Scaffolder's `selectedTemplate` route.
 */
export const createTemplateRouteRef = createExternalRouteRef({
  id: 'complete-clusters-create-template',
  params: ['namespace', 'templateName'],
  optional: true,
});
