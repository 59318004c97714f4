import type { ClusterTemplateSpec } from '@complete-clusters/plugin-complete-clusters-common';
import type { Principals } from '../database/types';
import { resolvePrincipals } from './resolvePrincipals';
import type { ServiceDeps } from './serviceDeps';

/**
 * The Entra principals of a spec's role bindings, looked up in the catalog
 * with the plugin's own credentials; `owner` (the requester when not given)
 * is who the `owner` and `owner-members` subjects stand for.
 */
export async function principalsFromCatalog(
  deps: Pick<ServiceDeps, 'auth' | 'catalog' | 'principalOverrides'>,
  spec: ClusterTemplateSpec,
  requester: string,
  owner?: string,
): Promise<Principals> {
  const credentials = await deps.auth.getOwnServiceCredentials();
  return resolvePrincipals({
    spec,
    requester,
    owner,
    overrides: deps.principalOverrides,
    lookup: async refs =>
      (
        await deps.catalog.getEntitiesByRefs(
          { entityRefs: refs },
          { credentials },
        )
      ).items.map(e => e ?? undefined),
  });
}
