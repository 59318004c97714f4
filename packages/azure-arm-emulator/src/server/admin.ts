import { ArmError } from '../errors';
import { renderPool } from '../resources/agentPools';
import { renderCluster } from '../resources/managedClusters';
import { poolProperties } from '../resources/agentPools';
import { settleOperations } from '../lro/operations';
import { deepMerge, isObject, newETag } from '../util';
import { faultConfigProblem, noFaults } from '../faults/faults';
import {
  ArmResponse,
  EmulatorContext,
  StoredResource,
  emptyState,
  emptyStats,
} from './context';
import { vCpuUsage } from '../quota/vCpuQuota';
import { AZURE_REGIONS } from '../catalog/regions';
import {
  DEFAULT_SUBSCRIPTIONS,
  toSubscriptions,
} from '../resources/subscriptions';
import { renderWithRedactedSecrets } from '../resources/kubernetesConfiguration';
import {
  cancelOperationsOn,
  describeResource,
  removeTree,
} from '../resources/removal';

export function renderResource(ctx: EmulatorContext, r: StoredResource) {
  if (r.kind === 'managedCluster') return renderCluster(ctx, r);
  if (r.kind === 'agentPool') return renderPool(r);
  return JSON.parse(JSON.stringify(r.resource));
}

/** For /_emulator/state: as the API renders it, plus protected settings' keys with redacted values. */
function renderForState(ctx: EmulatorContext, r: StoredResource) {
  if (r.secrets) return renderWithRedactedSecrets(r);
  return renderResource(ctx, r);
}

/** A JSON snapshot of everything, as served by GET /_emulator/state. */
export function snapshot(ctx: EmulatorContext) {
  settleOperations(ctx);
  return {
    resources: [...ctx.state.resources.values()]
      .sort((a, b) => a.createdSeq - b.createdSeq)
      .map(r => renderForState(ctx, r)),
    operations: [...ctx.state.operations.values()].map(op => ({
      id: op.id,
      status: op.status,
      action: op.action,
      kind: op.kind,
      description: op.description,
      startTime: op.startTime,
      endTime: op.endTime,
      error: op.error,
      resourceIds: op.resourceKeys,
    })),
    stats: ctx.state.stats,
    quotaUsage: quotaUsage(ctx),
    config: ctx.config,
  };
}

/** vCPUs in use per subscription, location and VM family (plus `cores`, the regional total). */
function quotaUsage(ctx: EmulatorContext) {
  const places = new Map<
    string,
    { subscriptionId: string; location: string }
  >();
  for (const r of ctx.state.resources.values()) {
    if (r.kind !== 'managedCluster') continue;
    const location = String(r.resource.location);
    places.set(`${r.subscriptionId.toLowerCase()}|${location}`, {
      subscriptionId: r.subscriptionId,
      location,
    });
  }
  return [...places.values()].map(({ subscriptionId, location }) => {
    const usage = vCpuUsage(ctx, subscriptionId, location);
    return {
      subscriptionId,
      location,
      vCpus: { ...Object.fromEntries(usage.byFamily), cores: usage.total },
    };
  });
}

/**
 * Applies a partial configuration (durations, faults, throttling, paging,
 * locations, quotas) as a JSON merge patch: objects merge, arrays replace,
 * `null` removes (`{ quotas: null }` drops every quota override).
 */
export function applyConfig(ctx: EmulatorContext, patch: Record<string, any>) {
  const next = deepMerge(ctx.config, patch);
  // Refused before anything changes: a bad fault setting leaves the running configuration as it was.
  next.faults = { ...noFaults, ...(isObject(next.faults) ? next.faults : {}) };
  const faultProblem = faultConfigProblem(next.faults);
  if (faultProblem)
    throw new ArmError(400, 'BadRequest', faultProblem, 'faults');
  next.quotas = isObject(next.quotas) ? next.quotas : {};
  next.unavailableVmSizes = isObject(next.unavailableVmSizes)
    ? next.unavailableVmSizes
    : {};
  next.unavailableVmSizeZones = isObject(next.unavailableVmSizeZones)
    ? next.unavailableVmSizeZones
    : {};
  next.gitFailures = isObject(next.gitFailures) ? next.gitFailures : {};
  next.locations = Array.isArray(next.locations)
    ? next.locations
    : [...AZURE_REGIONS];
  next.subscriptions = Array.isArray(next.subscriptions)
    ? toSubscriptions(next.subscriptions)
    : [...DEFAULT_SUBSCRIPTIONS];
  next.kubernetesVersions = isObject(next.kubernetesVersions)
    ? next.kubernetesVersions
    : {};
  next.managedClusterQuota = isObject(next.managedClusterQuota)
    ? next.managedClusterQuota
    : {};
  next.defaultQuota = {
    familyVCpus: 10000,
    totalRegionalVCpus: 50000,
    managedClustersPerRegion: 5000,
    ...next.defaultQuota,
  };
  const throttlingChanged =
    JSON.stringify(next.throttling) !== JSON.stringify(ctx.config.throttling);
  ctx.config = Object.assign(ctx.config, next);
  if (throttlingChanged) ctx.throttler.setConfig(ctx.config.throttling);
  ctx.faults.setConfig(ctx.config.faults);
}

/** Forgets every resource, operation and count, and refills the token buckets. */
export function resetState(ctx: EmulatorContext) {
  Object.assign(ctx.state, emptyState(ctx.now()));
  ctx.throttler.reset();
}

/** Starts the counts again (for a benchmark), leaving resources and buckets alone. */
export function resetStats(ctx: EmulatorContext) {
  ctx.state.stats = emptyStats(ctx.now());
}

/** Merges JSON into a stored resource behind the API's back (drift). */
export function patchResource(
  ctx: EmulatorContext,
  id: string | null,
  patch: unknown,
): ArmResponse {
  settleOperations(ctx);
  if (!id)
    throw new ArmError(
      400,
      'BadRequest',
      "Query parameter 'id' is required.",
      'id',
    );
  if (!isObject(patch))
    throw new ArmError(400, 'BadRequest', 'The body must be a JSON object.');
  const wanted = id.replace(/\/+$/, '').toLowerCase();
  const r =
    ctx.state.resources.get(wanted) ??
    [...ctx.state.resources.values()].find(x => x.id.toLowerCase() === wanted);
  if (!r)
    throw new ArmError(404, 'ResourceNotFound', `No resource with id '${id}'.`);
  const { agentPoolProfiles, ...restProps } = isObject(patch.properties)
    ? patch.properties
    : ({} as any);
  const own = { ...patch } as Record<string, any>;
  if (isObject(patch.properties)) own.properties = restProps;
  // Protected settings are write-only: a drift patch of them changes the secrets, not the rendering.
  if (
    isObject(own.properties) &&
    'configurationProtectedSettings' in own.properties
  ) {
    const { configurationProtectedSettings: secrets, ...visible } =
      own.properties;
    own.properties = visible;
    const merged = deepMerge(r.secrets ?? {}, isObject(secrets) ? secrets : {});
    r.secrets = secrets === null ? undefined : merged;
  }
  r.resource = deepMerge(r.resource, own);
  if (r.kind === 'managedCluster' && Array.isArray(agentPoolProfiles)) {
    for (const p of agentPoolProfiles) {
      const pool = [...ctx.state.resources.values()].find(
        x =>
          x.parentKey === r.key &&
          x.name.toLowerCase() === String(p?.name).toLowerCase(),
      );
      if (pool) {
        const { name: _n, ...pp } = p;
        pool.resource.properties = deepMerge(pool.resource.properties, pp);
        pool.eTag = newETag();
        pool.lastRequest = undefined;
      } else if (p?.name) {
        // A pool added behind the API's back.
        const key = `${r.key}/agentpools/${String(p.name).toLowerCase()}`;
        ctx.state.resources.set(key, {
          key,
          kind: 'agentPool',
          id: `${r.id}/agentPools/${p.name}`,
          name: p.name,
          subscriptionId: r.subscriptionId,
          resourceGroup: r.resourceGroup,
          clusterName: r.name,
          parentKey: r.key,
          resource: {
            id: `${r.id}/agentPools/${p.name}`,
            name: p.name,
            type: 'Microsoft.ContainerService/managedClusters/agentPools',
            properties: poolProperties(
              p,
              undefined,
              r.resource.properties.kubernetesVersion,
              'Succeeded',
            ),
          },
          eTag: newETag(),
          createdSeq: ++ctx.state.seq,
        });
      }
    }
  }
  if (r.eTag) r.eTag = newETag();
  r.lastRequest = undefined;
  return { status: 200, body: renderForState(ctx, r) };
}

/**
 * Removes a resource behind the API's back (drift): it and everything under
 * it (a group's contents; a cluster's pools, extensions, Flux configurations
 * and the assignments at its scope). Operations still running on them end
 * Canceled. 204; 404 for an unknown id.
 */
export function deleteResourceBehindTheApi(
  ctx: EmulatorContext,
  id: string | null,
): ArmResponse {
  settleOperations(ctx);
  if (!id)
    throw new ArmError(
      400,
      'BadRequest',
      "Query parameter 'id' is required.",
      'id',
    );
  const key = id.replace(/\/+$/, '').toLowerCase();
  const r =
    ctx.state.resources.get(key) ??
    [...ctx.state.resources.values()].find(x => x.id.toLowerCase() === key);
  if (!r)
    throw new ArmError(404, 'ResourceNotFound', `No resource with id '${id}'.`);
  const removed = removeTree(ctx, r);
  cancelOperationsOn(
    ctx,
    removed,
    new Date(ctx.now()).toISOString(),
    `${describeResource(r)} was removed`,
  );
  return { status: 204 };
}
