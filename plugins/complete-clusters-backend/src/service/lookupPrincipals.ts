import type { ClusterTemplateSpec } from '@complete-clusters/plugin-complete-clusters-common';
import type { Principals } from '../database/types';
import { resolvePrincipals } from './resolvePrincipals';
import type { ServiceDeps } from './serviceDeps';

/** The Entra principals of a spec's role bindings, looked up in the catalog with the plugin's own credentials. */
export async function lookupPrincipals(
  deps: ServiceDeps,
  spec: ClusterTemplateSpec,
  requester: string,
): Promise<Principals> {
  const credentials = await deps.auth.getOwnServiceCredentials();
  return resolvePrincipals({
    spec,
    requester,
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
