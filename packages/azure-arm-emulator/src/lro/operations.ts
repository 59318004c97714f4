import { errors } from '../errors';
import {
  ArmRequest,
  ArmResponse,
  EmulatorContext,
  Operation,
  PROVISIONED_KINDS,
  ResourceKind,
  StoredResource,
} from '../server/context';
import { newOperationId } from '../util';
import {
  cancelOperationsOn,
  describeResource,
  removeTree,
} from '../resources/removal';

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
    /** Resource id the operation's status URL hangs off (Microsoft.KubernetesConfiguration). */
    statusPath?: string;
    onSucceeded?: Operation['onSucceeded'];
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
    willFail:
      args.canFail === false
        ? false
        : ctx.faults.nextOperationFails(args.resources.map(r => r.id)),
    description: args.description,
    statusPath: args.statusPath,
    onSucceeded: args.onSucceeded,
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
  const q = `?api-version=${encodeURIComponent(req.apiVersion)}`;
  const headers: Record<string, string> = {};
  if (op.statusPath) {
    // Microsoft.KubernetesConfiguration serves the status under the resource
    // (CreateExtension.json, DeleteExtension.json). It documents no separate
    // Location resource; the emulator points Location at the same URL.
    const url = `${req.baseUrl}${op.statusPath}/operations/${op.id}${q}`;
    headers['Azure-AsyncOperation'] = url;
    if (withLocation) headers.Location = url;
  } else {
    const prefix = `${req.baseUrl}/subscriptions/${
      op.subscriptionId
    }/providers/${PROVIDER}/locations/${location(op.location)}`;
    headers['Azure-AsyncOperation'] = `${prefix}/operations/${op.id}${q}`;
    if (withLocation)
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
export function inDeletingGroup(
  ctx: EmulatorContext,
  r: StoredResource,
): boolean {
  const group = ctx.state.resources.get(groupKeyOf(r));
  return group?.resource.properties?.provisioningState === 'Deleting';
}

/**
 * The end of a resource group deletion: the group and everything in it are
 * gone, and operations still running on them end Canceled.
 */
function completeGroupDeletion(
  ctx: EmulatorContext,
  op: Operation,
  endTime: string,
) {
  const group = ctx.state.resources.get(op.resourceKeys[0]);
  op.status = 'Succeeded';
  if (!group) return;
  const removed = removeTree(ctx, group);
  cancelOperationsOn(
    ctx,
    removed,
    endTime,
    `resource group '${group.name}' was deleted`,
    op.id,
  );
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
    op.endTime = new Date(
      Math.max(op.doneAt, Date.parse(op.startTime)),
    ).toISOString();
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
        if (r?.resource.properties && PROVISIONED_KINDS.has(r.kind)) {
          r.resource.properties.provisioningState = inDeletingGroup(ctx, r)
            ? 'Deleting'
            : 'Failed';
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
        const removed = removeTree(ctx, r);
        cancelOperationsOn(
          ctx,
          removed,
          op.endTime,
          `${describeResource(r)} was deleted`,
          op.id,
        );
      } else if (r.resource.properties && PROVISIONED_KINDS.has(r.kind)) {
        r.resource.properties.provisioningState = inDeletingGroup(ctx, r)
          ? 'Deleting'
          : 'Succeeded';
      }
    }
    if (op.action !== 'delete') op.onSucceeded?.(ctx);
  }
}

function findOperation(ctx: EmulatorContext, req: ArmRequest): Operation {
  settleOperations(ctx);
  const op =
    ctx.state.operations.get(req.params.operationId.toLowerCase()) ??
    ctx.state.operations.get(req.params.operationId);
  if (
    !op ||
    op.subscriptionId.toLowerCase() !== req.params.subscriptionId.toLowerCase()
  ) {
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

/**
 * GET {resource id}/operations/{operationId}: the Azure-AsyncOperation status
 * as Microsoft.KubernetesConfiguration serves it (GetExtensionAsyncOperationStatus.json,
 * GetFluxConfigurationAsyncOperationStatus.json): `{ id, name, status, properties, error }`.
 */
export function getResourceOperationStatus(
  ctx: EmulatorContext,
  req: ArmRequest,
  resourcePath: string,
): ArmResponse {
  settleOperations(ctx);
  const id = req.params.operationId;
  const op =
    ctx.state.operations.get(id) ?? ctx.state.operations.get(id.toLowerCase());
  if (
    !op ||
    !op.statusPath ||
    op.statusPath.toLowerCase() !== resourcePath.toLowerCase()
  ) {
    throw errors.resourceNotFound(
      'Microsoft.KubernetesConfiguration/operations',
      id,
      req.params.resourceGroupName ?? '',
    );
  }
  const headers: Record<string, string> = {};
  if (op.status === 'InProgress' && ctx.config.retryAfterSeconds > 0) {
    headers['Retry-After'] = String(ctx.config.retryAfterSeconds);
  }
  return {
    status: 200,
    headers,
    body: {
      id: `${op.statusPath}/operations/${op.id}`,
      name: op.name,
      status: op.status,
      properties: {},
      error: op.error ?? null,
    },
  };
}
