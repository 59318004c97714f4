import { errors } from '../errors';
import {
  ArmRequest,
  ArmResponse,
  EmulatorContext,
  Operation,
  ResourceKind,
  StoredResource,
} from '../server/context';
import { newOperationId } from '../util';

const PROVIDER = 'Microsoft.ContainerService';

export function operationDuration(
  ctx: EmulatorContext,
  kind: ResourceKind,
): number {
  return (
    ctx.config.operationDurationByType[kind] ?? ctx.config.operationDurationMs
  );
}

/** Starts a long-running operation and marks its resources. */
export function startOperation(
  ctx: EmulatorContext,
  args: {
    action: Operation['action'];
    kind: ResourceKind;
    resources: StoredResource[];
    lockKey: string;
    subscriptionId: string;
    location: string;
    description: string;
    /** Operation id; a new GUID unless given (resource group deletions use ARM's job token). */
    id?: string;
    /** Whether injected operation failures apply (default true). */
    canFail?: boolean;
  },
): Operation {
  const id = args.id ?? newOperationId();
  const now = ctx.now();
  const op: Operation = {
    id,
    name: id,
    status: 'InProgress',
    startTime: new Date(now).toISOString(),
    action: args.action,
    kind: args.kind,
    resourceKeys: args.resources.map(r => r.key),
    lockKey: args.lockKey,
    subscriptionId: args.subscriptionId,
    location: args.location,
    doneAt: now + operationDuration(ctx, args.kind),
    willFail: args.canFail === false ? false : ctx.faults.nextOperationFails(),
    description: args.description,
  };
  ctx.state.operations.set(id, op);
  ctx.state.stats.operationsStarted++;
  return op;
}

function location(loc: string) {
  return loc.toLowerCase().replace(/\s+/g, '');
}

/** Azure-AsyncOperation / Location headers for an operation. */
export function operationHeaders(
  ctx: EmulatorContext,
  req: ArmRequest,
  op: Operation,
  withLocation: boolean,
): Record<string, string> {
  const prefix = `${req.baseUrl}/subscriptions/${op.subscriptionId}/providers/${PROVIDER}/locations/${location(op.location)}`;
  const q = `?api-version=${encodeURIComponent(req.apiVersion)}`;
  const headers: Record<string, string> = {
    'Azure-AsyncOperation': `${prefix}/operations/${op.id}${q}`,
  };
  if (withLocation) {
    headers.Location = `${prefix}/operationresults/${op.id}${q}`;
  }
  if (ctx.config.retryAfterSeconds > 0) {
    headers['Retry-After'] = String(ctx.config.retryAfterSeconds);
  }
  return headers;
}

/** The operation in progress that locks a managed cluster, if any. */
export function operationInProgress(
  ctx: EmulatorContext,
  lockKey: string,
): Operation | undefined {
  settleOperations(ctx);
  for (const op of ctx.state.operations.values()) {
    if (op.status === 'InProgress' && op.lockKey === lockKey) return op;
  }
  return undefined;
}

function groupKeyOf(r: { subscriptionId: string; resourceGroup: string }) {
  return `/subscriptions/${r.subscriptionId}/resourcegroups/${r.resourceGroup}`.toLowerCase();
}

/** Whether the resource group holding a resource is being deleted. */
export function inDeletingGroup(ctx: EmulatorContext, r: StoredResource): boolean {
  const group = ctx.state.resources.get(groupKeyOf(r));
  return group?.resource.properties?.provisioningState === 'Deleting';
}

/**
 * The end of a resource group deletion: the group and everything in it are
 * gone, and operations still running on them end Canceled.
 */
function completeGroupDeletion(ctx: EmulatorContext, op: Operation, endTime: string) {
  const group = ctx.state.resources.get(op.resourceKeys[0]);
  op.status = 'Succeeded';
  if (!group) return;
  const removed = new Set<string>();
  for (const [key, r] of ctx.state.resources) {
    if (groupKeyOf(r) === group.key) {
      ctx.state.resources.delete(key);
      removed.add(key);
    }
  }
  for (const other of ctx.state.operations.values()) {
    if (other === op || other.status !== 'InProgress') continue;
    if (other.resourceKeys.some(k => removed.has(k))) {
      other.status = 'Canceled';
      other.endTime = endTime;
      other.error = {
        code: 'Canceled',
        message: `The ${other.description} operation was canceled because resource group '${group.name}' was deleted.`,
      };
    }
  }
}

export function conflictError(op: Operation) {
  return errors.operationNotAllowed(
    `Operation is not allowed because there's an in progress ${op.description} operation (operation id: ${op.id}) which started at ${op.startTime}. Please try again later.`,
  );
}

/** Completes every operation whose duration has elapsed, in the order they end. */
export function settleOperations(ctx: EmulatorContext) {
  const now = ctx.now();
  const due = [...ctx.state.operations.values()]
    .filter(op => op.status === 'InProgress' && op.doneAt <= now)
    .sort((a, b) => a.doneAt - b.doneAt);
  for (const op of due) {
    if (op.status !== 'InProgress') continue; // canceled by a group deletion just settled
    op.endTime = new Date(Math.max(op.doneAt, Date.parse(op.startTime))).toISOString();
    if (op.kind === 'resourceGroup') {
      completeGroupDeletion(ctx, op, op.endTime);
      continue;
    }
    if (op.willFail) {
      op.status = 'Failed';
      op.error = {
        code: 'InternalOperationError',
        message: `The ${op.description} operation failed with an internal error (injected fault). Please retry the operation.`,
      };
      for (const key of op.resourceKeys) {
        const r = ctx.state.resources.get(key);
        if (r?.resource.properties) {
          r.resource.properties.provisioningState = inDeletingGroup(ctx, r) ? 'Deleting' : 'Failed';
          r.lastRequest = undefined;
        }
      }
      continue;
    }
    op.status = 'Succeeded';
    for (const key of op.resourceKeys) {
      const r = ctx.state.resources.get(key);
      if (!r) continue;
      if (op.action === 'delete') {
        ctx.state.resources.delete(key);
        for (const [k, child] of ctx.state.resources) {
          if (child.parentKey === key) ctx.state.resources.delete(k);
        }
      } else if (r.resource.properties) {
        r.resource.properties.provisioningState = inDeletingGroup(ctx, r) ? 'Deleting' : 'Succeeded';
      }
    }
  }
}

function findOperation(ctx: EmulatorContext, req: ArmRequest): Operation {
  settleOperations(ctx);
  const op = ctx.state.operations.get(req.params.operationId.toLowerCase()) ??
    ctx.state.operations.get(req.params.operationId);
  if (!op || op.subscriptionId.toLowerCase() !== req.params.subscriptionId.toLowerCase()) {
    throw errors.resourceNotFound(
      'Microsoft.ContainerService/locations/operations',
      req.params.operationId,
      '',
    );
  }
  return op;
}

/** GET .../locations/{location}/operations/{operationId} */
export function getOperationStatus(
  ctx: EmulatorContext,
  req: ArmRequest,
): ArmResponse {
  const op = findOperation(ctx, req);
  const body: Record<string, unknown> = {
    name: op.name,
    status: op.status,
    startTime: op.startTime,
  };
  if (op.endTime) body.endTime = op.endTime;
  if (op.error) body.error = op.error;
  const headers: Record<string, string> = {};
  if (op.status === 'InProgress' && ctx.config.retryAfterSeconds > 0) {
    headers['Retry-After'] = String(ctx.config.retryAfterSeconds);
  }
  return { status: 200, headers, body };
}

/** GET .../locations/{location}/operationresults/{operationId} */
export function getOperationResult(
  ctx: EmulatorContext,
  req: ArmRequest,
  render: (r: StoredResource) => unknown,
): ArmResponse {
  const op = findOperation(ctx, req);
  if (op.status === 'InProgress') {
    return {
      status: 202,
      headers: operationHeaders(ctx, req, op, true),
    };
  }
  if (op.status === 'Failed' || op.status === 'Canceled') {
    return {
      status: 200,
      body: { error: op.error },
    };
  }
  const main = ctx.state.resources.get(op.resourceKeys[0]);
  if (op.action === 'delete' || !main) return { status: 204 };
  return { status: 200, body: render(main) };
}
