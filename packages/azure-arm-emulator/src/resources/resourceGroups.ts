import { ArmError, errors } from '../errors';
import { settleOperations } from '../lro/operations';
import { ArmRequest, ArmResponse, EmulatorContext, StoredResource } from '../server/context';
import { clone, isObject, newETag } from '../util';
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

export function requireResourceGroup(ctx: EmulatorContext, sub: string, rg: string) {
  const found = findResourceGroup(ctx, sub, rg);
  if (!found) throw errors.resourceGroupNotFound(rg);
  return found;
}

function render(r: StoredResource) {
  return clone(r.resource);
}

export function putResourceGroup(ctx: EmulatorContext, req: ArmRequest): ArmResponse {
  const { subscriptionId: sub, resourceGroupName: rg } = req.params;
  const body = req.body;
  if (!isObject(body)) {
    throw errors.invalidRequestContent('The request content was invalid and could not be deserialized.');
  }
  if (typeof body.location !== 'string' || !body.location) {
    throw errors.invalidParameter('location', "The 'location' property is required for resource groups.");
  }
  if (!/^[-\w._()]{1,90}$/.test(rg) || rg.endsWith('.')) {
    throw errors.invalidParameter('resourceGroupName', `Resource group name '${rg}' is invalid.`);
  }
  const key = resourceGroupKey(sub, rg);
  const existing = ctx.state.resources.get(key);
  checkPreconditions(req, existing);
  if (existing && !eq(existing.resource.location, body.location)) {
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
    location: existing?.resource.location ?? body.location,
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

export function getResourceGroup(ctx: EmulatorContext, req: ArmRequest): ArmResponse {
  const { subscriptionId: sub, resourceGroupName: rg } = req.params;
  return { status: 200, body: render(requireResourceGroup(ctx, sub, rg)) };
}

export function headResourceGroup(ctx: EmulatorContext, req: ArmRequest): ArmResponse {
  const { subscriptionId: sub, resourceGroupName: rg } = req.params;
  return { status: findResourceGroup(ctx, sub, rg) ? 204 : 404 };
}

/** Synchronous delete of the group and everything in it. */
export function deleteResourceGroup(ctx: EmulatorContext, req: ArmRequest): ArmResponse {
  settleOperations(ctx);
  const { subscriptionId: sub, resourceGroupName: rg } = req.params;
  const group = requireResourceGroup(ctx, sub, rg);
  checkPreconditions(req, group);
  for (const [k, r] of ctx.state.resources) {
    if (eq(r.subscriptionId, sub) && eq(r.resourceGroup, rg)) {
      ctx.state.resources.delete(k);
    }
  }
  return { status: 200 };
}

export function listResourceGroups(ctx: EmulatorContext, req: ArmRequest): ArmResponse {
  const { subscriptionId: sub } = req.params;
  const items = resourcesOfKind(
    ctx,
    r => r.kind === 'resourceGroup' && eq(r.subscriptionId, sub),
  ).map(render);
  return { status: 200, body: pageOf(ctx, req, items) };
}
