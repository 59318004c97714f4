import {
  createExternalRouteRef,
  createRouteRef,
  createSubRouteRef,
} from '@backstage/frontend-plugin-api';

/** The Clusters page. */
export const rootRouteRef = createRouteRef();

/** The fleet view, under the Clusters page. */
export const fleetRouteRef = createSubRouteRef({
  parent: rootRouteRef,
  path: '/fleet',
});

/** Where a template's Create button leads; the Scaffolder's form by default. */
export const createTemplateRouteRef = createExternalRouteRef({
  params: ['namespace', 'templateName'],
  defaultTarget: 'scaffolder.selectedTemplate',
});
