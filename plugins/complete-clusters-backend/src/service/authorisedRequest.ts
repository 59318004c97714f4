import type { BackstageCredentials } from '@backstage/backend-plugin-api';
import { clusterCreatePermission } from '@complete-clusters/plugin-complete-clusters-common';
import type { Access } from './access';
import { checkPlatformSupports } from './platformSupport';
import {
  parseRequestBody,
  resolveRequest,
  ResolvedRequest,
} from './resolveRequest';
import type { ServiceDeps } from './serviceDeps';

/**
 * A request's body, checked as every route that takes one checks it: its
 * shape, then the permission policy on the template it names (before
 * anything about the template is told), then the template and the answers,
 * then what this portal's platform supports.
 */
export async function authorisedRequest(
  deps: Pick<ServiceDeps, 'catalog' | 'platform'>,
  access: Access,
  body: unknown,
  credentials: BackstageCredentials,
): Promise<ResolvedRequest> {
  const parsed = parseRequestBody(body);
  await access.require(
    clusterCreatePermission,
    credentials,
    `request clusters from ${parsed.templateRef}`,
    parsed.templateRef,
  );
  const entity = await deps.catalog.getEntityByRef(parsed.templateRef, {
    credentials,
  });
  const resolved = resolveRequest(parsed, entity);
  checkPlatformSupports(resolved.templateRef, resolved.spec, deps.platform);
  return resolved;
}
