import { errors } from '../errors';
import { EmulatorContext, StoredResource } from '../server/context';
import { clusterKey } from './managedClusters';
import { requireResourceGroup, requireWritableGroup } from './resourceGroups';

/**
 * An ARM scope as extension resources (Microsoft.Authorization) take it:
 * the tenant (`/`), a subscription, a resource group, or a resource
 * (`…/providers/{namespace}/{type}/{name}[/{type}/{name}…]`).
 */
export interface Scope {
  kind: 'tenant' | 'subscription' | 'resourceGroup' | 'resource';
  /** As the client wrote it, with a leading slash; `''` for the tenant so ids read `/providers/…`. */
  path: string;
  /** Lower-case `path`, for comparisons. */
  key: string;
  subscriptionId?: string;
  resourceGroup?: string;
  /** For resources: provider namespace, then the type and name segments. */
  provider?: string;
  types?: string[];
  names?: string[];
}

export function parseScope(raw: string): Scope | undefined {
  const segments = raw.split('/').filter(Boolean);
  const path = segments.length ? `/${segments.join('/')}` : '';
  const base = { path, key: path.toLowerCase() };
  if (segments.length === 0) return { ...base, kind: 'tenant' };
  if (segments[0].toLowerCase() !== 'subscriptions' || segments.length < 2)
    return undefined;
  const subscriptionId = segments[1];
  if (segments.length === 2)
    return { ...base, kind: 'subscription', subscriptionId };
  if (segments[2].toLowerCase() !== 'resourcegroups' || segments.length < 4)
    return undefined;
  const resourceGroup = segments[3];
  if (segments.length === 4)
    return { ...base, kind: 'resourceGroup', subscriptionId, resourceGroup };
  if (
    segments[4].toLowerCase() !== 'providers' ||
    segments.length < 8 ||
    (segments.length - 6) % 2 !== 0
  )
    return undefined;
  const rest = segments.slice(6);
  return {
    ...base,
    kind: 'resource',
    subscriptionId,
    resourceGroup,
    provider: segments[5],
    types: rest.filter((_, i) => i % 2 === 0),
    names: rest.filter((_, i) => i % 2 === 1),
  };
}

/** Whether `outer` is `inner` or one of its ancestors (`/` covers everything). */
export function covers(outer: string, inner: string): boolean {
  const o = outer.replace(/\/+$/, '').toLowerCase();
  const i = inner.replace(/\/+$/, '').toLowerCase();
  return o === '' || o === i || i.startsWith(`${o}/`);
}

export interface ResolvedScope {
  scope: Scope;
  /** Where a resource at this scope lives: deleted with it (cluster, resource group). */
  parent?: StoredResource;
  /** Resource group holding the scope, as stored (for deletion with the group). */
  resourceGroupName: string;
}

/**
 * The scope of a request, checked the way ARM checks it: the resource group
 * must exist (404 ResourceGroupNotFound) and, for a resource scope, the
 * resource must exist (404 ResourceNotFound, ARM's message). The emulator
 * models one resource type as a scope, managed clusters, and (for Azure RBAC
 * for Kubernetes) their namespaces, `…/managedClusters/{c}/namespaces/{ns}`.
 */
export function resolveScope(
  ctx: EmulatorContext,
  raw: string,
  opts: {
    allowTenant?: boolean;
    allowNamespace?: boolean;
    write?: boolean;
    requestPath: string;
  },
): ResolvedScope {
  const scope = parseScope(raw);
  if (!scope || (scope.kind === 'tenant' && !opts.allowTenant))
    throw errors.notFound(opts.requestPath);
  if (scope.kind === 'tenant' || scope.kind === 'subscription')
    return { scope, resourceGroupName: '' };
  const group = requireResourceGroup(
    ctx,
    scope.subscriptionId!,
    scope.resourceGroup!,
  );
  if (opts.write) requireWritableGroup(group);
  if (scope.kind === 'resourceGroup')
    return { scope, parent: group, resourceGroupName: group.name };

  const types = scope.types!.map(t => t.toLowerCase());
  const names = scope.names!;
  const typeName = `${scope.provider}/${scope.types!.join('/')}`;
  if (
    scope.provider!.toLowerCase() !== 'microsoft.containerservice' ||
    types[0] !== 'managedclusters'
  ) {
    throw errors.resourceNotFound(
      typeName,
      names[names.length - 1],
      scope.resourceGroup!,
    );
  }
  const cluster = ctx.state.resources.get(
    clusterKey(scope.subscriptionId!, scope.resourceGroup!, names[0]),
  );
  if (!cluster)
    throw errors.resourceNotFound(
      'Microsoft.ContainerService/managedClusters',
      names[0],
      scope.resourceGroup!,
    );
  const namespaceScope =
    types.length === 2 && types[1] === 'namespaces' && opts.allowNamespace;
  if (types.length > 1 && !namespaceScope) {
    throw errors.resourceNotFound(
      typeName,
      names[names.length - 1],
      scope.resourceGroup!,
    );
  }
  return { scope, parent: cluster, resourceGroupName: group.name };
}

/** The subscription a scope belongs to, for throttling ('tenant' for tenant-level requests). */
export function subscriptionOfScope(
  raw: string | undefined,
): string | undefined {
  const segments = (raw ?? '').split('/').filter(Boolean);
  return segments[0]?.toLowerCase() === 'subscriptions'
    ? segments[1]
    : undefined;
}
