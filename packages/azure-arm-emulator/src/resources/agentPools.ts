import { normalizeLocation } from '../catalog/regions';
import { resolveKubernetesVersion } from '../catalog/kubernetesVersions';
import { errors } from '../errors';
import {
  conflictError,
  operationHeaders,
  operationInProgress,
  settleOperations,
  startOperation,
} from '../lro/operations';
import {
  ArmRequest,
  ArmResponse,
  EmulatorContext,
  StoredResource,
} from '../server/context';
import { canonicalJson, clone, isObject, newETag } from '../util';
import { checkPreconditions, pageOf, resourcesOfKind } from './common';
import { requireAllowedVmSize } from './availability';
import { clusterKey, poolDemand, requireCluster } from './managedClusters';
import { findResourceGroup, requireWritableGroup } from './resourceGroups';
import { checkVCpuQuota } from '../quota/vCpuQuota';

export const AGENT_POOL_TYPE =
  'Microsoft.ContainerService/managedClusters/agentPools';
export const DEFAULT_NODE_IMAGE = 'AKSUbuntu-2204gen2containerd-202510.03.0';

export function agentPoolKey(clusterK: string, pool: string) {
  return `${clusterK}/agentpools/${pool}`.toLowerCase();
}

export function poolsOf(
  ctx: EmulatorContext,
  clusterK: string,
): StoredResource[] {
  return resourcesOfKind(
    ctx,
    r => r.kind === 'agentPool' && r.parentKey === clusterK,
  );
}

/** Every cluster's pools in creation order, from one pass over the resources (for lists of clusters). */
export function poolsByCluster(
  ctx: EmulatorContext,
): Map<string, StoredResource[]> {
  const byCluster = new Map<string, StoredResource[]>();
  for (const pool of resourcesOfKind(
    ctx,
    r => r.kind === 'agentPool' && !!r.parentKey,
  )) {
    const list = byCluster.get(pool.parentKey!) ?? [];
    list.push(pool);
    byCluster.set(pool.parentKey!, list);
  }
  return byCluster;
}

export function validatePoolName(name: unknown, target: string) {
  if (typeof name !== 'string' || !/^[a-z][a-z0-9]{0,11}$/.test(name)) {
    throw errors.invalidParameter(
      target,
      `The value of parameter ${target} is invalid. Agent pool name '${String(
        name,
      )}' must start with a lowercase letter, contain only lowercase letters and numbers and be between 1 and 12 characters long.`,
    );
  }
}

/** Validates pool properties as AKS does for the fields the project uses. */
export function validatePoolProperties(
  props: Record<string, any>,
  targetPrefix: string,
) {
  if (props.enableAutoScaling) {
    const { minCount, maxCount } = props;
    if (typeof minCount !== 'number' || typeof maxCount !== 'number') {
      throw errors.invalidParameter(
        `${targetPrefix}.minCount`,
        `The value of parameter ${targetPrefix}.minCount/maxCount is invalid. Both minCount and maxCount must be set when enableAutoScaling is true.`,
      );
    }
    if (minCount < 0 || maxCount < minCount || maxCount > 1000) {
      throw errors.invalidParameter(
        `${targetPrefix}.maxCount`,
        `The value of parameter ${targetPrefix}.maxCount is invalid. maxCount (${maxCount}) must be greater than or equal to minCount (${minCount}) and at most 1000.`,
      );
    }
  }
  if (
    props.count !== undefined &&
    (typeof props.count !== 'number' || props.count < 0)
  ) {
    throw errors.invalidParameter(
      `${targetPrefix}.count`,
      `The value of parameter ${targetPrefix}.count is invalid.`,
    );
  }
  if (
    props.mode !== undefined &&
    !['System', 'User', 'Gateway'].includes(props.mode)
  ) {
    throw errors.invalidParameter(
      `${targetPrefix}.mode`,
      `The value of parameter ${targetPrefix}.mode '${props.mode}' is invalid.`,
    );
  }
}

/** Fills AKS read-only/default properties of a pool. */
export function poolProperties(
  requested: Record<string, any>,
  existing: Record<string, any> | undefined,
  kubernetesVersion: string,
  provisioningState: string,
): Record<string, any> {
  const props = clone(requested);
  delete props.name;
  delete props.eTag;
  delete props.provisioningState;
  delete props.currentOrchestratorVersion;
  const version =
    props.orchestratorVersion ||
    existing?.orchestratorVersion ||
    kubernetesVersion;
  props.orchestratorVersion = version;
  props.currentOrchestratorVersion = version;
  props.provisioningState = provisioningState;
  props.powerState = props.powerState ?? { code: 'Running' };
  props.type = props.type ?? 'VirtualMachineScaleSets';
  props.osType = props.osType ?? 'Linux';
  props.maxPods = props.maxPods ?? 110;
  props.mode = props.mode ?? existing?.mode ?? 'User';
  props.nodeImageVersion = existing?.nodeImageVersion ?? DEFAULT_NODE_IMAGE;
  props.upgradeSettings = props.upgradeSettings ??
    existing?.upgradeSettings ?? { maxSurge: '10%' };
  if (props.count === undefined) {
    if (props.enableAutoScaling) {
      // The autoscaler owns the count: an update keeps it, within the new range.
      const current =
        typeof existing?.count === 'number' ? existing.count : props.minCount;
      props.count = Math.min(Math.max(current, props.minCount), props.maxCount);
    } else {
      props.count = existing?.count ?? 3;
    }
  }
  return props;
}

export function renderPool(r: StoredResource) {
  const body = clone(r.resource);
  body.properties.eTag = r.eTag;
  return body;
}

export function storePool(
  ctx: EmulatorContext,
  cluster: StoredResource,
  name: string,
  props: Record<string, any>,
  existing: StoredResource | undefined,
): StoredResource {
  const key = agentPoolKey(cluster.key, name);
  const poolName = existing?.name ?? name;
  const id = `${cluster.id}/agentPools/${poolName}`;
  const stored: StoredResource = {
    key,
    kind: 'agentPool',
    id,
    name: poolName,
    subscriptionId: cluster.subscriptionId,
    resourceGroup: cluster.resourceGroup,
    clusterName: cluster.name,
    parentKey: cluster.key,
    resource: { id, name: poolName, type: AGENT_POOL_TYPE, properties: props },
    eTag: newETag(),
    lastRequest: existing?.lastRequest,
    createdSeq: existing?.createdSeq ?? ++ctx.state.seq,
  };
  ctx.state.resources.set(key, stored);
  return stored;
}

function requirePool(ctx: EmulatorContext, req: ArmRequest) {
  const {
    subscriptionId: sub,
    resourceGroupName: rg,
    resourceName,
    agentPoolName,
  } = req.params;
  const cluster = requireCluster(ctx, sub, rg, resourceName);
  const pool = ctx.state.resources.get(
    agentPoolKey(cluster.key, agentPoolName),
  );
  return { cluster, pool };
}

export function putAgentPool(
  ctx: EmulatorContext,
  req: ArmRequest,
): ArmResponse {
  settleOperations(ctx);
  const { agentPoolName } = req.params;
  const { cluster, pool: existing } = requirePool(ctx, req);
  requireWritableGroup(
    findResourceGroup(ctx, cluster.subscriptionId, cluster.resourceGroup),
  );
  const body = req.body;
  if (!isObject(body)) {
    throw errors.invalidRequestContent(
      'The request content was invalid and could not be deserialized.',
    );
  }
  validatePoolName(agentPoolName, 'agentPoolName');
  const requested = isObject(body.properties) ? body.properties : {};
  validatePoolProperties(requested, 'properties');
  requireAllowedVmSize(
    ctx,
    requested.vmSize ?? existing?.resource.properties.vmSize,
    cluster.resource.location,
  );
  const wanted = requested.orchestratorVersion;
  if (
    typeof wanted === 'string' &&
    wanted &&
    !resolveKubernetesVersion(
      ctx.config.kubernetesVersions,
      normalizeLocation(cluster.resource.location),
      wanted,
    )
  ) {
    throw errors.kubernetesVersionNotSupported(wanted);
  }
  checkPreconditions(req, existing);
  const running = operationInProgress(ctx, cluster.key);
  if (running) throw conflictError(running);
  if (cluster.resource.properties.provisioningState === 'Deleting') {
    throw errors.operationNotAllowed(
      `Operation is not allowed while cluster '${cluster.name}' is being deleted.`,
    );
  }
  const canonical = canonicalJson(body);
  if (
    existing &&
    existing.lastRequest === canonical &&
    existing.resource.properties.provisioningState === 'Succeeded'
  ) {
    return { status: 200, body: renderPool(existing) };
  }
  const state = existing ? 'Updating' : 'Creating';
  const props = poolProperties(
    requested,
    existing?.resource.properties,
    cluster.resource.properties.kubernetesVersion,
    state,
  );
  checkVCpuQuota(ctx, cluster.subscriptionId, cluster.resource.location, [
    poolDemand(existing, agentPoolKey(cluster.key, agentPoolName), props),
  ]);
  const stored = storePool(ctx, cluster, agentPoolName, props, existing);
  stored.lastRequest = canonical;
  cluster.lastRequest = undefined;
  cluster.eTag = newETag();
  const op = startOperation(ctx, {
    action: existing ? 'update' : 'create',
    kind: 'agentPool',
    resources: [stored],
    lockKey: cluster.key,
    subscriptionId: cluster.subscriptionId,
    location: cluster.resource.location,
    description: existing ? 'update node pool' : 'create node pool',
  });
  return {
    status: existing ? 200 : 201,
    headers: operationHeaders(ctx, req, op, false),
    body: renderPool(stored),
  };
}

export function getAgentPool(
  ctx: EmulatorContext,
  req: ArmRequest,
): ArmResponse {
  settleOperations(ctx);
  const { cluster, pool } = requirePool(ctx, req);
  if (!pool) {
    throw errors.resourceNotFound(
      `Microsoft.ContainerService/managedClusters/${cluster.name}/agentPools`,
      req.params.agentPoolName,
      req.params.resourceGroupName,
    );
  }
  return { status: 200, body: renderPool(pool) };
}

export function deleteAgentPool(
  ctx: EmulatorContext,
  req: ArmRequest,
): ArmResponse {
  settleOperations(ctx);
  const {
    subscriptionId: sub,
    resourceGroupName: rg,
    resourceName,
  } = req.params;
  const cluster = ctx.state.resources.get(clusterKey(sub, rg, resourceName));
  const pool = cluster
    ? ctx.state.resources.get(
        agentPoolKey(cluster.key, req.params.agentPoolName),
      )
    : undefined;
  if (!cluster || !pool) return { status: 204 };
  requireWritableGroup(findResourceGroup(ctx, sub, rg));
  checkPreconditions(req, pool);
  const running = operationInProgress(ctx, cluster.key);
  if (running) throw conflictError(running);
  pool.resource.properties.provisioningState = 'Deleting';
  pool.eTag = newETag();
  pool.lastRequest = undefined;
  cluster.lastRequest = undefined;
  const op = startOperation(ctx, {
    action: 'delete',
    kind: 'agentPool',
    resources: [pool],
    lockKey: cluster.key,
    subscriptionId: cluster.subscriptionId,
    location: cluster.resource.location,
    description: 'delete node pool',
  });
  return { status: 202, headers: operationHeaders(ctx, req, op, true) };
}

export function listAgentPools(
  ctx: EmulatorContext,
  req: ArmRequest,
): ArmResponse {
  settleOperations(ctx);
  const {
    subscriptionId: sub,
    resourceGroupName: rg,
    resourceName,
  } = req.params;
  const cluster = requireCluster(ctx, sub, rg, resourceName);
  const items = poolsOf(ctx, cluster.key).map(renderPool);
  return { status: 200, body: pageOf(ctx, req, items) };
}
