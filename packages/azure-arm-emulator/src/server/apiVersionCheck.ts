import {
  API_TYPES,
  ApiType,
  ApiTypeName,
  isApiVersionSyntax,
} from '../catalog/apiVersions';
import { normalizeLocation } from '../catalog/regions';
import { errors } from '../errors';
import { isObject } from '../util';
import { EmulatorContext } from './context';

/**
 * The location ARM names in `NoRegisteredProviderFound`: the body's, else
 * the resource group's, else the one in the URL (`…/locations/{l}/…`).
 */
function locationOf(
  ctx: EmulatorContext,
  params: Record<string, string>,
  body: unknown,
): string {
  if (isObject(body) && typeof body.location === 'string' && body.location)
    return normalizeLocation(body.location);
  if (params.location) return normalizeLocation(params.location);
  if (params.subscriptionId && params.resourceGroupName) {
    const group = ctx.state.resources.get(
      `/subscriptions/${params.subscriptionId}/resourcegroups/${params.resourceGroupName}`.toLowerCase(),
    );
    if (group) return normalizeLocation(group.resource.location);
  }
  return 'global';
}

/**
 * Refuses an api-version Azure does not serve for the resource type, as ARM
 * does: `InvalidApiVersionParameter` for a malformed version or a type ARM
 * serves itself (resource groups, subscriptions, providers), with the
 * supported list newest first; `NoRegisteredProviderFound` for a resource
 * provider's type, with the supported list oldest first and the locations.
 */
export function checkApiVersion(
  ctx: EmulatorContext,
  api: ApiTypeName,
  apiVersion: string,
  params: Record<string, string>,
  body: unknown,
) {
  const t: ApiType = API_TYPES[api];
  if (t.versions.some(v => v.toLowerCase() === apiVersion.toLowerCase()))
    return;
  if (t.armNative || !isApiVersionSyntax(apiVersion))
    throw errors.invalidApiVersion(apiVersion, t.versions);
  throw errors.noRegisteredProviderFound(
    locationOf(ctx, params, body),
    apiVersion,
    t.type,
    t.versions,
    ctx.config.locations,
  );
}
