import { useApi } from '@backstage/core-plugin-api';
import { catalogApiRef } from '@backstage/plugin-catalog-react';
import {
  CLUSTER_TEMPLATE_KIND,
  ClusterTemplateEntity,
  ENVIRONMENTS,
} from '@complete-clusters/plugin-complete-clusters-common';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';

/**
 * Every ClusterTemplate in the catalog, ordered from development to production.
 * The catalog only holds templates that passed validation.
 */
export function useClusterTemplates() {
  const catalogApi = useApi(catalogApiRef);
  return useAsyncRetry(async () => {
    const { items } = await catalogApi.getEntities({
      filter: { kind: CLUSTER_TEMPLATE_KIND },
    });
    return (items as unknown as ClusterTemplateEntity[]).sort(
      (a, b) =>
        ENVIRONMENTS.indexOf(a.spec.environment) -
          ENVIRONMENTS.indexOf(b.spec.environment) ||
        a.metadata.name.localeCompare(b.metadata.name),
    );
  }, [catalogApi]);
}
