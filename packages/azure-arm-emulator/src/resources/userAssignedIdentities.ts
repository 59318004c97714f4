import { randomUUID } from 'node:crypto';
import { ArmError, errors } from '../errors';
import {
  ArmRequest,
  ArmResponse,
  EmulatorContext,
  StoredResource,
} from '../server/context';
import { clone, isObject, newETag } from '../util';
import { requireAvailableLocation } from './availability';
import { eq, pageOf, resourcesOfKind, systemData, TENANT_ID } from './common';
import { requireResourceGroup, requireWritableGroup } from './resourceGroups';

export const USER_ASSIGNED_IDENTITY_TYPE =
  'Microsoft.ManagedIdentity/userAssignedIdentities';

export function identityId(sub: string, rg: string, name: string) {
  return `/subscriptions/${sub}/resourcegroups/${rg}/providers/Microsoft.ManagedIdentity/userAssignedIdentities/${name}`;
}

/**
 * Azure's naming rule for user-assigned identities (resource-name-rules,
 * Microsoft.ManagedIdentity): 3-128 characters, alphanumerics, hyphens and
 * underscores, starting with a letter or number.
 */
const IDENTITY_NAME = /^[a-zA-Z0-9][a-zA-Z0-9_-]{2,127}$/;

/** The stored identity a resource id names, if any. */
export function findUserAssignedIdentity(
  ctx: EmulatorContext,
  id: string,
): StoredResource | undefined {
  const r = ctx.state.resources.get(id.replace(/\/+$/, '').toLowerCase());
  return r?.kind === 'userAssignedIdentity' ? r : undefined;
}

/** Every principal id an identity the emulator made has: user-assigned identities, cluster and kubelet identities. */
export function knownPrincipalIds(ctx: EmulatorContext): Set<string> {
  const ids = new Set<string>();
  for (const r of ctx.state.resources.values()) {
    if (r.kind === 'userAssignedIdentity')
      ids.add(String(r.resource.properties.principalId).toLowerCase());
    if (r.kind === 'managedCluster') {
      if (r.resource.identity?.principalId)
        ids.add(String(r.resource.identity.principalId).toLowerCase());
      for (const v of Object.values<any>(
        r.resource.properties.identityProfile ?? {},
      )) {
        if (v?.objectId) ids.add(String(v.objectId).toLowerCase());
      }
    }
  }
  return ids;
}

function render(r: StoredResource) {
  return clone(r.resource);
}

export function putUserAssignedIdentity(
  ctx: EmulatorContext,
  req: ArmRequest,
): ArmResponse {
  const {
    subscriptionId: sub,
    resourceGroupName: rg,
    resourceName: name,
  } = req.params;
  const group = requireResourceGroup(ctx, sub, rg);
  requireWritableGroup(group);
  if (!IDENTITY_NAME.test(name)) {
    throw new ArmError(
      400,
      'InvalidResourceName',
      `Resource name '${name}' is invalid. The name can contain only letters, numbers, hyphens and underscores, must start with a letter or number, and be 3 to 128 characters long.`,
    );
  }
  const body = req.body;
  if (!isObject(body))
    throw errors.invalidRequestContent(
      'The request content was invalid and could not be deserialized.',
    );
  if (typeof body.location !== 'string' || !body.location) {
    throw errors.invalidParameter(
      'location',
      "The 'location' property is required for user assigned identities.",
    );
  }
  const location = requireAvailableLocation(
    ctx,
    body.location,
    'userAssignedIdentity',
  );
  const id = identityId(sub, group.name, name);
  const key = id.toLowerCase();
  const existing = ctx.state.resources.get(key);
  const resource = {
    id,
    name: existing?.name ?? name,
    type: USER_ASSIGNED_IDENTITY_TYPE,
    location,
    tags: isObject(body.tags)
      ? clone(body.tags)
      : existing?.resource.tags ?? {},
    systemData: systemData(ctx.now(), existing?.resource.systemData),
    properties: existing?.resource.properties ?? {
      tenantId: TENANT_ID,
      principalId: randomUUID(),
      clientId: randomUUID(),
    },
  };
  const stored: StoredResource = {
    key,
    kind: 'userAssignedIdentity',
    id,
    name: resource.name,
    subscriptionId: sub,
    resourceGroup: group.name,
    resource,
    eTag: newETag(),
    createdSeq: existing?.createdSeq ?? ++ctx.state.seq,
  };
  ctx.state.resources.set(key, stored);
  return { status: existing ? 200 : 201, body: render(stored) };
}

function requireIdentity(
  ctx: EmulatorContext,
  req: ArmRequest,
): StoredResource {
  const {
    subscriptionId: sub,
    resourceGroupName: rg,
    resourceName: name,
  } = req.params;
  requireResourceGroup(ctx, sub, rg);
  const found = ctx.state.resources.get(
    identityId(sub, rg, name).toLowerCase(),
  );
  if (!found)
    throw errors.resourceNotFound(USER_ASSIGNED_IDENTITY_TYPE, name, rg);
  return found;
}

export function getUserAssignedIdentity(
  ctx: EmulatorContext,
  req: ArmRequest,
): ArmResponse {
  return { status: 200, body: render(requireIdentity(ctx, req)) };
}

export function deleteUserAssignedIdentity(
  ctx: EmulatorContext,
  req: ArmRequest,
): ArmResponse {
  const {
    subscriptionId: sub,
    resourceGroupName: rg,
    resourceName: name,
  } = req.params;
  const key = identityId(sub, rg, name).toLowerCase();
  if (!ctx.state.resources.has(key)) return { status: 204 };
  ctx.state.resources.delete(key);
  return { status: 200 };
}

export function listUserAssignedIdentities(
  ctx: EmulatorContext,
  req: ArmRequest,
): ArmResponse {
  const { subscriptionId: sub, resourceGroupName: rg } = req.params;
  requireResourceGroup(ctx, sub, rg);
  const items = resourcesOfKind(
    ctx,
    r =>
      r.kind === 'userAssignedIdentity' &&
      eq(r.subscriptionId, sub) &&
      eq(r.resourceGroup, rg),
  );
  return { status: 200, body: pageOf(ctx, req, items, render) };
}
