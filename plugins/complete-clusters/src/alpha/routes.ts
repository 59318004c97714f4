import { createExternalRouteRef, createRouteRef } from '@backstage/frontend-plugin-api';

/** The Clusters page. */
export const rootRouteRef = createRouteRef();

/** Where a template's Create button leads; the Scaffolder's form by default. */
export const createTemplateRouteRef = createExternalRouteRef({
  params: ['namespace', 'templateName'],
  defaultTarget: 'scaffolder.selectedTemplate',
});
