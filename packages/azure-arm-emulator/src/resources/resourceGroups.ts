import { ArmError, errors } from '../errors';
import { settleOperations, startOperation } from '../lro/operations';
import {
  ArmRequest,
  ArmResponse,
  EmulatorContext,
  Operation,
  PROVISIONED_KINDS,
  StoredResource,
} from '../server/context';
import { clone, isObject, newETag } from '../util';
import { requireAvailableLocation } from './availability';
import { checkPreconditions, eq, pageOf, resourcesOfKind } from './common';

export function resourceGroupKey(sub: string, rg: string) {
  return `/subscriptions/${sub}/resourcegroups/${rg}`.toLowerCase();
}

export function findResourceGroup(
  ctx: EmulatorContext,
  sub: string,
  rg: string,
): StoredResource | undefined {
  return ctx.state.resources.get(resourceGroupKey(sub, rg));
}

export function requireResourceGroup(
  ctx: EmulatorContext,
  sub: string,
  rg: string,
) {
  const found = findResourceGroup(ctx, sub, rg);
  if (!found) throw errors.resourceGroupNotFound(rg);
  return found;
}

export function isBeingDeleted(group: StoredResource) {
  return group.resource.properties?.provisioningState === 'Deleting';
}

/** ARM refuses writes into a group that is being deleted (409 ResourceGroupBeingDeleted). */
export function requireWritableGroup(group: StoredResource | undefined) {
  if (group && isBeingDeleted(group))
    throw errors.resourceGroupBeingDeleted(group.name);
  return group;
}

function render(r: StoredResource) {
  return clone(r.resource);
}

export function putResourceGroup(
  ctx: EmulatorContext,
  req: ArmRequest,
): ArmResponse {
  const { subscriptionId: sub, resourceGroupName: rg } = req.params;
  const body = req.body;
  if (!isObject(body)) {
    throw errors.invalidRequestContent(
      'The request content was invalid and could not be deserialized.',
    );
  }
  if (typeof body.location !== 'string' || !body.location) {
    throw errors.invalidParameter(
      'location',
      "The 'location' property is required for resource groups.",
    );
  }
  if (!/^[-\w._()]{1,90}$/.test(rg) || rg.endsWith('.')) {
    throw errors.invalidParameter(
      'resourceGroupName',
      `Resource group name '${rg}' is invalid.`,
    );
  }
  settleOperations(ctx);
  const location = requireAvailableLocation(
    ctx,
    body.location,
    'resourceGroup',
  );
  const key = resourceGroupKey(sub, rg);
  const existing = ctx.state.resources.get(key);
  requireWritableGroup(existing);
  checkPreconditions(req, existing);
  if (existing && !eq(existing.resource.location, location)) {
    throw new ArmError(
      409,
      'InvalidResourceGroupLocation',
      `Invalid resource group location '${body.location}'. The Resource group already exists in location '${existing.resource.location}' in resource group '${existing.name}'. A resource group cannot be created in a different location.`,
    );
  }
  const name = existing?.name ?? rg;
  const resource: Record<string, any> = {
    id: `/subscriptions/${sub}/resourceGroups/${name}`,
    name,
    type: 'Microsoft.Resources/resourceGroups',
    location: existing?.resource.location ?? location,
    properties: { provisioningState: 'Succeeded' },
  };
  if (body.tags !== undefined) resource.tags = body.tags;
  if (body.managedBy !== undefined) resource.managedBy = body.managedBy;
  const stored: StoredResource = {
    key,
    kind: 'resourceGroup',
    id: resource.id,
    name,
    subscriptionId: sub,
    resourceGroup: name,
    resource,
    eTag: newETag(),
    createdSeq: existing?.createdSeq ?? ++ctx.state.seq,
  };
  ctx.state.resources.set(key, stored);
  return { status: existing ? 200 : 201, body: render(stored) };
}

export function getResourceGroup(
  ctx: EmulatorContext,
  req: ArmRequest,
): ArmResponse {
  settleOperations(ctx);
  const { subscriptionId: sub, resourceGroupName: rg } = req.params;
  return { status: 200, body: render(requireResourceGroup(ctx, sub, rg)) };
}

export function headResourceGroup(
  ctx: EmulatorContext,
  req: ArmRequest,
): ArmResponse {
  settleOperations(ctx);
  const { subscriptionId: sub, resourceGroupName: rg } = req.params;
  return { status: findResourceGroup(ctx, sub, rg) ? 204 : 404 };
}

/**
 * ARM's job token for a resource group deletion, as in its Location URLs:
 * base64 of `{"jobId":"RESOURCEGROUPDELETIONJOB-<GROUP>-<LOCATION>","jobLocation":"<location>"}`.
 */
function deletionToken(group: StoredResource) {
  const location = String(group.resource.location);
  const job = {
    jobId: `RESOURCEGROUPDELETIONJOB-${group.name.toUpperCase()}-${location.toUpperCase()}`,
    jobLocation: location,
  };
  return Buffer.from(JSON.stringify(job), 'utf8').toString('base64url');
}

function deletionHeaders(
  ctx: EmulatorContext,
  req: ArmRequest,
  op: Operation,
): Record<string, string> {
  const headers: Record<string, string> = {
    Location: `${req.baseUrl}/subscriptions/${
      op.subscriptionId
    }/operationresults/${op.id}?api-version=${encodeURIComponent(
      req.apiVersion,
    )}`,
  };
  if (ctx.config.retryAfterSeconds > 0)
    headers['Retry-After'] = String(ctx.config.retryAfterSeconds);
  return headers;
}

/**
 * DELETE of a resource group, as ARM does it (azure-sdk-for-js recording of
 * resourceGroups.beginDeleteAndWait): 202 with a Location URL and Retry-After;
 * the group shows provisioningState Deleting until the operation ends, then
 * the group and everything in it (clusters and their pools) are gone.
 */
export function deleteResourceGroup(
  ctx: EmulatorContext,
  req: ArmRequest,
): ArmResponse {
  settleOperations(ctx);
  const { subscriptionId: sub, resourceGroupName: rg } = req.params;
  const group = requireResourceGroup(ctx, sub, rg);
  checkPreconditions(req, group);
  const token = deletionToken(group);
  const running = ctx.state.operations.get(token);
  if (running?.status === 'InProgress') {
    return { status: 202, headers: deletionHeaders(ctx, req, running) };
  }
  const contents = [...ctx.state.resources.values()].filter(
    r => eq(r.subscriptionId, sub) && eq(r.resourceGroup, group.name),
  );
  for (const r of contents) {
    if (r.resource.properties && PROVISIONED_KINDS.has(r.kind))
      r.resource.properties.provisioningState = 'Deleting';
    r.lastRequest = undefined;
  }
  group.eTag = newETag();
  const op = startOperation(ctx, {
    id: token,
    action: 'delete',
    kind: 'resourceGroup',
    resources: [group],
    lockKey: group.key,
    subscriptionId: group.subscriptionId,
    location: String(group.resource.location),
    description: 'delete resource group',
    canFail: false,
  });
  return { status: 202, headers: deletionHeaders(ctx, req, op) };
}

/** GET /subscriptions/{sub}/operationresults/{token}: 202 while the deletion runs, then 200. */
export function getResourceGroupOperationResult(
  ctx: EmulatorContext,
  req: ArmRequest,
): ArmResponse {
  settleOperations(ctx);
  const op = ctx.state.operations.get(req.params.operationId);
  if (
    !op ||
    op.kind !== 'resourceGroup' ||
    !eq(op.subscriptionId, req.params.subscriptionId)
  ) {
    throw new ArmError(
      404,
      'NotFound',
      `The operation '${req.params.operationId}' could not be found.`,
    );
  }
  if (op.status === 'InProgress')
    return { status: 202, headers: deletionHeaders(ctx, req, op) };
  return { status: 200 };
}

export function listResourceGroups(
  ctx: EmulatorContext,
  req: ArmRequest,
): ArmResponse {
  settleOperations(ctx);
  const { subscriptionId: sub } = req.params;
  const items = resourcesOfKind(
    ctx,
    r => r.kind === 'resourceGroup' && eq(r.subscriptionId, sub),
  ).map(render);
  return { status: 200, body: pageOf(ctx, req, items) };
}
