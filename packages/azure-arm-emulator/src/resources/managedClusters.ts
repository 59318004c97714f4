import { errors } from '../errors';
import {
  conflictError,
  operationHeaders,
  operationInProgress,
  settleOperations,
  startOperation,
} from '../lro/operations';
import { ArmRequest, ArmResponse, EmulatorContext, StoredResource } from '../server/context';
import { canonicalJson, clone, isObject, newETag, shortHash } from '../util';
import {
  agentPoolKey,
  poolProperties,
  poolsByCluster,
  poolsOf,
  storePool,
  validatePoolName,
  validatePoolProperties,
} from './agentPools';
import { normalizeLocation } from '../catalog/regions';
import { checkVCpuQuota, PoolDemand, surgeNodes } from '../quota/vCpuQuota';
import { requireAllowedVmSize, requireAvailableLocation } from './availability';
import { checkPreconditions, eq, pageOf, resourcesOfKind } from './common';
import { findResourceGroup, requireResourceGroup, requireWritableGroup } from './resourceGroups';
import { planAddonProfiles, renderAddonProfiles, validateAddonProfiles } from './addonProfiles';

export const MANAGED_CLUSTER_TYPE = 'Microsoft.ContainerService/ManagedClusters';
const READ_ONLY_TOP_LEVEL = ['id', 'name', 'type', 'eTag', 'systemData'];

/** AKS returns ids with a lower-case `resourcegroups` segment. */
export function clusterId(sub: string, rg: string, name: string) {
  return `/subscriptions/${sub}/resourcegroups/${rg}/providers/Microsoft.ContainerService/managedClusters/${name}`;
}

export function clusterKey(sub: string, rg: string, name: string) {
  return clusterId(sub, rg, name).toLowerCase();
}

export function requireCluster(
  ctx: EmulatorContext,
  sub: string,
  rg: string,
  name: string,
): StoredResource {
  requireResourceGroup(ctx, sub, rg);
  const found = ctx.state.resources.get(clusterKey(sub, rg, name));
  if (!found) {
    throw errors.resourceNotFound('Microsoft.ContainerService/managedClusters', name, rg);
  }
  return found;
}

/** The cluster as ARM returns it, agentPoolProfiles built from the child pools. */
/** A cluster as the API returns it, its pools inlined; `pools` when the caller has them already (lists). */
export function renderCluster(ctx: EmulatorContext, r: StoredResource, pools: StoredResource[] = poolsOf(ctx, r.key)) {
  const body = clone(r.resource);
  body.eTag = r.eTag;
  body.properties.agentPoolProfiles = pools.map(p => {
    const props = clone(p.resource.properties);
    return { name: p.name, ...props };
  });
  if (body.properties.addonProfiles) body.properties.addonProfiles = renderAddonProfiles(body.properties.addonProfiles);
  return body;
}

export function fillIdentity(identity: any, previous: any) {
  if (!isObject(identity)) return identity;
  const out = clone(identity);
  if (/SystemAssigned/i.test(out.type ?? '')) {
    out.principalId = previous?.principalId ?? '00000000-0000-0000-0000-0000000000e1';
    out.tenantId = previous?.tenantId ?? '00000000-0000-0000-0000-0000000000f1';
  }
  if (isObject(out.userAssignedIdentities)) {
    for (const [id, value] of Object.entries(out.userAssignedIdentities)) {
      out.userAssignedIdentities[id] = {
        clientId: `client-${shortHash(id)}`,
        principalId: `principal-${shortHash(id)}`,
        ...(isObject(value) ? value : {}),
      };
    }
  }
  return out;
}

function validateCluster(body: Record<string, any>, existing: StoredResource | undefined) {
  if (typeof body.location !== 'string' || !body.location) {
    throw errors.invalidParameter('location', 'Required parameter location is missing (null).');
  }
  if (existing && normalizeLocation(existing.resource.location) !== normalizeLocation(body.location)) {
    throw errors.invalidParameter(
      'location',
      `The value of parameter location is invalid. Changing property 'location' is not allowed (current '${existing.resource.location}').`,
    );
  }
  const props = body.properties;
  if (props !== undefined && !isObject(props)) {
    throw errors.invalidParameter('properties', 'The value of parameter properties is invalid.');
  }
  validateAddonProfiles(props);
  const profiles = props?.agentPoolProfiles;
  if (!existing && (!Array.isArray(profiles) || profiles.length === 0)) {
    throw errors.invalidParameter(
      'properties.agentPoolProfiles',
      'The value of parameter properties.agentPoolProfiles is invalid. A managed cluster needs at least one agent pool.',
    );
  }
  if (Array.isArray(profiles)) {
    const names = new Set<string>();
    profiles.forEach((p: any, i: number) => {
      const target = `properties.agentPoolProfiles[${i}]`;
      if (!isObject(p)) throw errors.invalidParameter(target, `The value of parameter ${target} is invalid.`);
      validatePoolName(p.name, `${target}.name`);
      if (names.has(p.name)) {
        throw errors.invalidParameter(`${target}.name`, `Agent pool name '${p.name}' is used more than once.`);
      }
      names.add(p.name);
      validatePoolProperties(p, target);
    });
    if (!existing && !profiles.some((p: any) => p.mode === 'System' || p.mode === undefined)) {
      throw errors.invalidParameter(
        'properties.agentPoolProfiles',
        'The value of parameter properties.agentPoolProfiles is invalid. Must define at least one system pool.',
      );
    }
  }
}

/** The quota a pool PUT asks for: its new node count, plus surge nodes when its version changes. */
export function poolDemand(
  existing: StoredResource | undefined,
  key: string,
  planned: Record<string, any>,
): PoolDemand {
  const before = existing?.resource.properties;
  const upgrading = !!before && before.orchestratorVersion !== planned.orchestratorVersion;
  return {
    key,
    vmSize: planned.vmSize ?? before?.vmSize,
    count: Number(planned.count) || 0,
    surge: upgrading ? surgeNodes(Number(before.count) || 0, planned.upgradeSettings?.maxSurge) : 0,
  };
}

export function putManagedCluster(ctx: EmulatorContext, req: ArmRequest): ArmResponse {
  settleOperations(ctx);
  const { subscriptionId: sub, resourceGroupName: rg, resourceName: name } = req.params;
  const group = requireResourceGroup(ctx, sub, rg);
  requireWritableGroup(group);
  const body = req.body;
  if (!isObject(body)) {
    throw errors.invalidRequestContent('The request content was invalid and could not be deserialized.');
  }
  const key = clusterKey(sub, rg, name);
  const existing = ctx.state.resources.get(key);
  if (typeof body.location === 'string' && body.location) {
    requireAvailableLocation(ctx, body.location, 'managedCluster');
  }
  validateCluster(body, existing);
  const loc = normalizeLocation(existing?.resource.location ?? body.location);
  for (const profile of body.properties?.agentPoolProfiles ?? []) {
    requireAllowedVmSize(ctx, profile.vmSize ?? ctx.state.resources.get(agentPoolKey(key, profile.name))?.resource.properties.vmSize, loc);
  }
  checkPreconditions(req, existing);
  if (existing) {
    const running = operationInProgress(ctx, key);
    if (running) throw conflictError(running);
  }
  const canonical = canonicalJson(body);
  if (
    existing &&
    existing.lastRequest === canonical &&
    existing.resource.properties.provisioningState === 'Succeeded'
  ) {
    return { status: 200, body: renderCluster(ctx, existing) };
  }

  const state = existing ? 'Updating' : 'Creating';
  const previous = existing?.resource.properties ?? {};
  const requested: Record<string, any> = clone(body.properties ?? {});
  const profiles: any[] | undefined = requested.agentPoolProfiles;
  delete requested.agentPoolProfiles;
  for (const ro of ['provisioningState', 'currentKubernetesVersion', 'fqdn', 'azurePortalFQDN', 'maxAgentPools', 'powerState']) {
    delete requested[ro];
  }
  const clusterName = existing?.name ?? name;
  const rgName = group.name;
  const location: string = existing?.resource.location ?? loc;
  const props: Record<string, any> = { provisioningState: state, powerState: { code: 'Running' }, ...requested };
  const version = requested.kubernetesVersion || previous.kubernetesVersion || ctx.config.defaultKubernetesVersion;
  const poolPlans = (profiles ?? []).map(profile => {
    const poolExisting = ctx.state.resources.get(agentPoolKey(key, profile.name));
    const planned = poolProperties(profile, poolExisting?.resource.properties, version, poolExisting ? 'Updating' : 'Creating');
    return { profile, poolExisting, planned };
  });
  checkVCpuQuota(ctx, sub, location, poolPlans.map(p => poolDemand(p.poolExisting, agentPoolKey(key, p.profile.name), p.planned)));
  props.kubernetesVersion = version;
  props.currentKubernetesVersion = version;
  props.dnsPrefix = props.dnsPrefix ?? previous.dnsPrefix ?? `${clusterName}-${rgName}-${sub.slice(0, 6)}`.slice(0, 54);
  const suffix = shortHash(key);
  props.fqdn = `${props.dnsPrefix}-${suffix}.hcp.${loc}.azmk8s.io`;
  props.azurePortalFQDN = `${props.dnsPrefix}-${suffix}.portal.hcp.${loc}.azmk8s.io`;
  props.nodeResourceGroup = props.nodeResourceGroup ?? previous.nodeResourceGroup ?? `MC_${rgName}_${clusterName}_${loc}`;
  props.maxAgentPools = 100;
  if (isObject(requested.addonProfiles)) {
    props.addonProfiles = planAddonProfiles(requested.addonProfiles, previous.addonProfiles, {
      subscriptionId: sub,
      nodeResourceGroup: props.nodeResourceGroup,
      clusterName,
    });
  } else if (previous.addonProfiles) {
    props.addonProfiles = previous.addonProfiles;
  }
  props.enableRBAC = props.enableRBAC ?? previous.enableRBAC ?? true;
  // Server-side defaults AKS fills in when the request leaves them out.
  props.networkProfile = props.networkProfile ?? previous.networkProfile ?? {
    networkPlugin: 'azure',
    networkPluginMode: 'overlay',
    podCidr: '10.244.0.0/16',
    serviceCidr: '10.0.0.0/16',
    dnsServiceIP: '10.0.0.10',
    outboundType: 'loadBalancer',
    loadBalancerSku: 'standard',
  };
  props.servicePrincipalProfile = props.servicePrincipalProfile ?? previous.servicePrincipalProfile ?? { clientId: 'msi' };
  props.oidcIssuerProfile = props.oidcIssuerProfile ?? previous.oidcIssuerProfile ?? { enabled: false };
  props.securityProfile = props.securityProfile ?? previous.securityProfile ?? {};
  props.storageProfile = props.storageProfile ?? previous.storageProfile ?? {
    diskCSIDriver: { enabled: true },
    fileCSIDriver: { enabled: true },
    snapshotController: { enabled: true },
  };
  props.workloadAutoScalerProfile = props.workloadAutoScalerProfile ?? previous.workloadAutoScalerProfile ?? {};
  if (!props.autoScalerProfile && (profiles ?? []).some((p: any) => p?.enableAutoScaling)) {
    props.autoScalerProfile = previous.autoScalerProfile ?? {
      'balance-similar-node-groups': 'false',
      expander: 'random',
      'max-node-provision-time': '15m',
      'scan-interval': '10s',
      'scale-down-delay-after-add': '10m',
    };
  }

  const resource: Record<string, any> = {};
  for (const [k, v] of Object.entries(body)) {
    if (!READ_ONLY_TOP_LEVEL.includes(k)) resource[k] = clone(v);
  }
  const id = clusterId(sub, rgName, clusterName);
  Object.assign(resource, {
    id,
    location,
    name: clusterName,
    type: MANAGED_CLUSTER_TYPE,
    properties: props,
  });
  resource.sku = resource.sku ?? existing?.resource.sku ?? { name: 'Base', tier: 'Free' };
  if (body.identity !== undefined) {
    resource.identity = fillIdentity(body.identity, existing?.resource.identity);
  }
  const stored: StoredResource = {
    key,
    kind: 'managedCluster',
    id,
    name: clusterName,
    subscriptionId: sub,
    resourceGroup: rgName,
    resource,
    eTag: newETag(),
    lastRequest: canonical,
    createdSeq: existing?.createdSeq ?? ++ctx.state.seq,
    // An update keeps the cluster's certificate authority (resources/clusterCredentials.ts).
    ...(existing?.certificateAuthority ? { certificateAuthority: existing.certificateAuthority } : {}),
  };
  ctx.state.resources.set(key, stored);

  const touched: StoredResource[] = [stored];
  for (const { profile, poolExisting, planned } of poolPlans) {
    const pool = storePool(ctx, stored, profile.name, planned, poolExisting);
    pool.lastRequest = undefined;
    touched.push(pool);
  }
  const op = startOperation(ctx, {
    action: existing ? 'update' : 'create',
    kind: 'managedCluster',
    resources: touched,
    lockKey: key,
    subscriptionId: sub,
    location,
    description: existing ? 'update managed cluster' : 'create managed cluster',
  });
  return {
    status: existing ? 200 : 201,
    headers: operationHeaders(ctx, req, op, false),
    body: renderCluster(ctx, stored),
  };
}

export function getManagedCluster(ctx: EmulatorContext, req: ArmRequest): ArmResponse {
  settleOperations(ctx);
  const { subscriptionId: sub, resourceGroupName: rg, resourceName: name } = req.params;
  return { status: 200, body: renderCluster(ctx, requireCluster(ctx, sub, rg, name)) };
}

export function deleteManagedCluster(ctx: EmulatorContext, req: ArmRequest): ArmResponse {
  settleOperations(ctx);
  const { subscriptionId: sub, resourceGroupName: rg, resourceName: name } = req.params;
  const key = clusterKey(sub, rg, name);
  const existing = ctx.state.resources.get(key);
  if (!existing) return { status: 204 };
  requireWritableGroup(findResourceGroup(ctx, sub, rg));
  checkPreconditions(req, existing);
  const running = operationInProgress(ctx, key);
  if (running) throw conflictError(running);
  const pools = poolsOf(ctx, key);
  for (const r of [existing, ...pools]) {
    r.resource.properties.provisioningState = 'Deleting';
    r.lastRequest = undefined;
  }
  existing.eTag = newETag();
  const op = startOperation(ctx, {
    action: 'delete',
    kind: 'managedCluster',
    resources: [existing],
    lockKey: key,
    subscriptionId: sub,
    location: existing.resource.location,
    description: 'delete managed cluster',
  });
  return { status: 202, headers: operationHeaders(ctx, req, op, true) };
}

export function listManagedClustersInResourceGroup(ctx: EmulatorContext, req: ArmRequest): ArmResponse {
  settleOperations(ctx);
  const { subscriptionId: sub, resourceGroupName: rg } = req.params;
  requireResourceGroup(ctx, sub, rg);
  const items = resourcesOfKind(
    ctx,
    r => r.kind === 'managedCluster' && eq(r.subscriptionId, sub) && eq(r.resourceGroup, rg),
  );
  const pools = poolsByCluster(ctx);
  return { status: 200, body: pageOf(ctx, req, items, r => renderCluster(ctx, r, pools.get(r.key) ?? [])) };
}

export function listManagedClustersInSubscription(ctx: EmulatorContext, req: ArmRequest): ArmResponse {
  settleOperations(ctx);
  const { subscriptionId: sub } = req.params;
  const items = resourcesOfKind(
    ctx,
    r => r.kind === 'managedCluster' && eq(r.subscriptionId, sub),
  );
  const pools = poolsByCluster(ctx);
  return { status: 200, body: pageOf(ctx, req, items, r => renderCluster(ctx, r, pools.get(r.key) ?? [])) };
}

/** PATCH (updateTags): synchronous tag update as in the recordings. */
export function patchManagedCluster(ctx: EmulatorContext, req: ArmRequest): ArmResponse {
  settleOperations(ctx);
  const { subscriptionId: sub, resourceGroupName: rg, resourceName: name } = req.params;
  const cluster = requireCluster(ctx, sub, rg, name);
  requireWritableGroup(findResourceGroup(ctx, sub, rg));
  const body = req.body;
  if (!isObject(body)) {
    throw errors.invalidRequestContent('The request content was invalid and could not be deserialized.');
  }
  checkPreconditions(req, cluster);
  const running = operationInProgress(ctx, cluster.key);
  if (running) throw conflictError(running);
  if (body.tags !== undefined) {
    if (!isObject(body.tags)) throw errors.invalidParameter('tags', 'The value of parameter tags is invalid.');
    cluster.resource.tags = clone(body.tags);
  }
  cluster.eTag = newETag();
  cluster.lastRequest = undefined;
  return { status: 200, body: renderCluster(ctx, cluster) };
}
