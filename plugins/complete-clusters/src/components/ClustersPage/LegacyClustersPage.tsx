import { useRouteRef } from '@backstage/core-plugin-api';
import { createTemplateRouteRef } from '../../routes';
import { ClustersPage } from './ClustersPage';

/** The Clusters page wired to the legacy frontend system's routing. */
export function LegacyClustersPage() {
  const createTemplate = useRouteRef(createTemplateRouteRef);
  return (
    <ClustersPage
      createHref={({ namespace, name }) =>
        createTemplate?.({ namespace, templateName: name })
      }
    />
  );
}
