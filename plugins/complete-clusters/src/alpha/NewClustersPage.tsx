import { useRouteRef } from '@backstage/frontend-plugin-api';
import { ClustersPage } from '../components/ClustersPage';
import { createTemplateRouteRef } from './routes';

/** The Clusters page wired to the new frontend system's routing. */
export function NewClustersPage() {
  const createTemplate = useRouteRef(createTemplateRouteRef);
  return (
    <ClustersPage
      createHref={({ namespace, name }) =>
        createTemplate?.({ namespace, templateName: name })
      }
    />
  );
}
