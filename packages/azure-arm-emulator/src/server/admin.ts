import { ArmError } from '../errors';
import { renderPool } from '../resources/agentPools';
import { renderCluster } from '../resources/managedClusters';
import { poolProperties } from '../resources/agentPools';
import { settleOperations } from '../lro/operations';
import { deepMerge, isObject, newETag } from '../util';
import { ArmResponse, EmulatorContext, StoredResource, emptyState, emptyStats } from './context';
import { vCpuUsage } from '../quota/vCpuQuota';
import { AZURE_REGIONS } from '../catalog/regions';

export function renderResource(ctx: EmulatorContext, r: StoredResource) {
  if (r.kind === 'managedCluster') return renderCluster(ctx, r);
  if (r.kind === 'agentPool') return renderPool(r);
  return JSON.parse(JSON.stringify(r.resource));
}

/** A JSON snapshot of everything, as served by GET /_emulator/state. */
export function snapshot(ctx: EmulatorContext) {
  settleOperations(ctx);
  return {
    resources: [...ctx.state.resources.values()]
      .sort((a, b) => a.createdSeq - b.createdSeq)
      .map(r => renderResource(ctx, r)),
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
  const places = new Map<string, { subscriptionId: string; location: string }>();
  for (const r of ctx.state.resources.values()) {
    if (r.kind !== 'managedCluster') continue;
    const location = String(r.resource.location);
    places.set(`${r.subscriptionId.toLowerCase()}|${location}`, { subscriptionId: r.subscriptionId, location });
  }
  return [...places.values()].map(({ subscriptionId, location }) => {
    const usage = vCpuUsage(ctx, subscriptionId, location);
    return { subscriptionId, location, vCpus: { ...Object.fromEntries(usage.byFamily), cores: usage.total } };
  });
}

/**
 * Applies a partial configuration (durations, faults, throttling, paging,
 * locations, quotas) as a JSON merge patch: objects merge, arrays replace,
 * `null` removes (`{ quotas: null }` drops every quota override).
 */
export function applyConfig(ctx: EmulatorContext, patch: Record<string, any>) {
  const next = deepMerge(ctx.config, patch);
  next.quotas = isObject(next.quotas) ? next.quotas : {};
  next.unavailableVmSizes = isObject(next.unavailableVmSizes) ? next.unavailableVmSizes : {};
  next.locations = Array.isArray(next.locations) ? next.locations : [...AZURE_REGIONS];
  next.defaultQuota = { familyVCpus: 10000, totalRegionalVCpus: 50000, ...next.defaultQuota };
  const throttlingChanged = JSON.stringify(next.throttling) !== JSON.stringify(ctx.config.throttling);
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
export function patchResource(ctx: EmulatorContext, id: string | null, patch: unknown): ArmResponse {
  settleOperations(ctx);
  if (!id) throw new ArmError(400, 'BadRequest', "Query parameter 'id' is required.", 'id');
  if (!isObject(patch)) throw new ArmError(400, 'BadRequest', 'The body must be a JSON object.');
  const r = ctx.state.resources.get(id.toLowerCase());
  if (!r) throw new ArmError(404, 'ResourceNotFound', `No resource with id '${id}'.`);
  const { agentPoolProfiles, ...restProps } = isObject(patch.properties) ? patch.properties : ({} as any);
  const own = { ...patch } as Record<string, any>;
  if (isObject(patch.properties)) own.properties = restProps;
  r.resource = deepMerge(r.resource, own);
  if (r.kind === 'managedCluster' && Array.isArray(agentPoolProfiles)) {
    for (const p of agentPoolProfiles) {
      const pool = [...ctx.state.resources.values()].find(
        x => x.parentKey === r.key && x.name.toLowerCase() === String(p?.name).toLowerCase(),
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
            properties: poolProperties(p, undefined, r.resource.properties.kubernetesVersion, 'Succeeded'),
          },
          eTag: newETag(),
          createdSeq: ++ctx.state.seq,
        });
      }
    }
  }
  r.eTag = newETag();
  r.lastRequest = undefined;
  return { status: 200, body: renderResource(ctx, r) };
}
