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
import { createHash, randomUUID } from 'node:crypto';
import { canonicalJson, clone, isObject, newETag, shortHash } from '../util';
import { findUserAssignedIdentity } from './userAssignedIdentities';
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
import { resolveKubernetesVersion } from '../catalog/kubernetesVersions';
import { checkVCpuQuota, PoolDemand, surgeNodes } from '../quota/vCpuQuota';
import { checkManagedClusterQuota } from '../quota/managedClusterQuota';
import { requireAllowedVmSize, requireAvailableLocation } from './availability';
import {
  checkPreconditions,
  eq,
  pageOf,
  resourcesOfKind,
  TENANT_ID,
} from './common';
import {
  findResourceGroup,
  requireResourceGroup,
  requireWritableGroup,
} from './resourceGroups';
import {
  planAddonProfiles,
  renderAddonProfiles,
  validateAddonProfiles,
} from './addonProfiles';

export const MANAGED_CLUSTER_TYPE =
  'Microsoft.ContainerService/ManagedClusters';
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
    throw errors.resourceNotFound(
      'Microsoft.ContainerService/managedClusters',
      name,
      rg,
    );
  }
  return found;
}

/** The cluster as ARM returns it, agentPoolProfiles built from the child pools. */
/** A cluster as the API returns it, its pools inlined; `pools` when the caller has them already (lists). */
export function renderCluster(
  ctx: EmulatorContext,
  r: StoredResource,
  pools: StoredResource[] = poolsOf(ctx, r.key),
) {
  const body = clone(r.resource);
  body.eTag = r.eTag;
  body.properties.agentPoolProfiles = pools.map(p => {
    const props = clone(p.resource.properties);
    return { name: p.name, ...props };
  });
  if (body.properties.addonProfiles)
    body.properties.addonProfiles = renderAddonProfiles(
      body.properties.addonProfiles,
    );
  return body;
}

/** A GUID that stays the same for the same input (identities referenced but never created). */
function stableGuid(input: string): string {
  const h = createHash('sha256').update(input).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(
    17,
    20,
  )}-${h.slice(20, 32)}`;
}

/**
 * A resource's managed identity as Azure fills it in: a system-assigned
 * identity gets its own principal id (kept across updates); each
 * user-assigned identity the principal and client id of the
 * `Microsoft.ManagedIdentity/userAssignedIdentities` resource it names.
 */
export function fillIdentity(
  identity: any,
  previous: any,
  ctx?: EmulatorContext,
) {
  if (!isObject(identity)) return identity;
  const out = clone(identity);
  if (/SystemAssigned/i.test(out.type ?? '')) {
    out.principalId = previous?.principalId ?? randomUUID();
    out.tenantId = previous?.tenantId ?? TENANT_ID;
  }
  if (isObject(out.userAssignedIdentities)) {
    for (const [id, value] of Object.entries(out.userAssignedIdentities)) {
      const found = ctx ? findUserAssignedIdentity(ctx, id) : undefined;
      out.userAssignedIdentities[id] = {
        ...(isObject(value) ? value : {}),
        clientId:
          found?.resource.properties.clientId ??
          stableGuid(`client:${id.toLowerCase()}`),
        principalId:
          found?.resource.properties.principalId ??
          stableGuid(`principal:${id.toLowerCase()}`),
      };
    }
  }
  return out;
}

/**
 * The kubelet identity AKS creates in the node resource group
 * (`identityProfile.kubeletidentity`), or the user-assigned one the request names.
 */
function kubeletIdentity(
  ctx: EmulatorContext,
  requested: any,
  previous: any,
  sub: string,
  nodeResourceGroup: string,
  clusterName: string,
) {
  const wanted = requested?.kubeletidentity?.resourceId;
  if (typeof wanted === 'string' && wanted) {
    const found = findUserAssignedIdentity(ctx, wanted);
    return {
      resourceId: wanted,
      clientId:
        found?.resource.properties.clientId ??
        stableGuid(`client:${wanted.toLowerCase()}`),
      objectId:
        found?.resource.properties.principalId ??
        stableGuid(`principal:${wanted.toLowerCase()}`),
    };
  }
  if (previous?.kubeletidentity) return previous.kubeletidentity;
  return {
    resourceId: `/subscriptions/${sub}/resourcegroups/${nodeResourceGroup}/providers/Microsoft.ManagedIdentity/userAssignedIdentities/${clusterName}-agentpool`,
    clientId: randomUUID(),
    objectId: randomUUID(),
  };
}

/**
 * AKS's name rule (resource-name-rules, Microsoft.ContainerService; the spec's
 * `resourceName` pattern): 1-63 characters, letters, numbers, '-' and '_',
 * starting and ending with a letter or number.
 */
const CLUSTER_NAME =
  /^[a-zA-Z0-9]$|^[a-zA-Z0-9][-_a-zA-Z0-9]{0,61}[a-zA-Z0-9]$/;
/** The spec's `dnsPrefix` pattern: 1-54 characters, letters, numbers and '-', starting and ending with a letter or number. */
const DNS_PREFIX = /^[a-zA-Z0-9]$|^[a-zA-Z0-9][-a-zA-Z0-9]{0,52}[a-zA-Z0-9]$/;
const NETWORK_PLUGINS = ['azure', 'kubenet', 'none'];
const NETWORK_POLICIES = ['azure', 'calico', 'cilium', 'none'];

function requireEnum(value: unknown, allowed: string[], target: string) {
  if (value === undefined || value === null) return;
  if (typeof value !== 'string' || !allowed.includes(value.toLowerCase())) {
    throw errors.aksInvalidParameter(
      target,
      `The value of parameter ${target} is invalid: '${String(
        value,
      )}'. Allowed values are ${allowed.map(a => `'${a}'`).join(', ')}.`,
    );
  }
}

/** AKS's checks of what a cluster is called and how it is reached, networked and authorised. */
function validateClusterRules(
  ctx: EmulatorContext,
  name: string,
  location: string,
  body: Record<string, any>,
  existing: StoredResource | undefined,
) {
  if (!existing && !CLUSTER_NAME.test(name)) {
    throw errors.aksInvalidParameter(
      'resourceName',
      `The value of parameter resourceName '${name}' is invalid. Cluster names must be 1-63 characters in length. The only allowed characters are letters, numbers, dashes, and underscore. The first and last character must be a letter or a number.`,
    );
  }
  const props = body.properties ?? {};
  if (
    props.dnsPrefix !== undefined &&
    (typeof props.dnsPrefix !== 'string' || !DNS_PREFIX.test(props.dnsPrefix))
  ) {
    throw errors.aksInvalidParameter(
      'properties.dnsPrefix',
      `The value of parameter dnsPrefix '${String(
        props.dnsPrefix,
      )}' is invalid. DNS prefix must be 1-54 characters long, contain only letters, numbers and hyphens, and start and end with a letter or number.`,
    );
  }
  if (
    existing &&
    props.dnsPrefix !== undefined &&
    existing.resource.properties.dnsPrefix !== props.dnsPrefix
  ) {
    throw errors.aksInvalidParameter(
      'properties.dnsPrefix',
      "Changing property 'dnsPrefix' is not allowed.",
    );
  }
  for (const [target, version] of [
    ['properties.kubernetesVersion', props.kubernetesVersion],
    ...(Array.isArray(props.agentPoolProfiles)
      ? props.agentPoolProfiles
      : []
    ).map((p: any, i: number) => [
      `properties.agentPoolProfiles[${i}].orchestratorVersion`,
      p?.orchestratorVersion,
    ]),
  ] as Array<[string, unknown]>) {
    if (version === undefined || version === null || version === '') continue;
    if (typeof version !== 'string' || !/^\d+\.\d+(\.\d+)?$/.test(version)) {
      throw errors.aksInvalidParameter(
        target,
        `The value of parameter ${target} '${String(
          version,
        )}' is invalid. Specify a Kubernetes version as <major>.<minor> or <major>.<minor>.<patch>.`,
      );
    }
    if (
      !resolveKubernetesVersion(
        ctx.config.kubernetesVersions,
        location,
        version,
      )
    )
      throw errors.kubernetesVersionNotSupported(version);
  }
  const net = props.networkProfile;
  if (isObject(net)) {
    requireEnum(
      net.networkPlugin,
      NETWORK_PLUGINS,
      'properties.networkProfile.networkPlugin',
    );
    requireEnum(
      net.networkPolicy,
      NETWORK_POLICIES,
      'properties.networkProfile.networkPolicy',
    );
    if (
      String(net.networkPolicy).toLowerCase() === 'cilium' &&
      String(net.networkDataplane ?? '').toLowerCase() !== 'cilium'
    ) {
      throw errors.aksInvalidParameter(
        'properties.networkProfile.networkPolicy',
        "Network policy 'cilium' requires networkDataplane 'cilium'.",
      );
    }
  }
  const aad = props.aadProfile;
  if (isObject(aad) && aad.enableAzureRBAC === true) {
    if (aad.managed !== true) {
      throw errors.aksInvalidParameter(
        'properties.aadProfile.enableAzureRBAC',
        'Azure RBAC for Kubernetes authorization (aadProfile.enableAzureRBAC) can only be enabled on clusters with managed Microsoft Entra ID integration: set aadProfile.managed to true.',
      );
    }
    if (props.enableRBAC === false) {
      throw errors.aksInvalidParameter(
        'properties.aadProfile.enableAzureRBAC',
        'Azure RBAC for Kubernetes authorization requires Kubernetes RBAC: enableRBAC must not be false.',
      );
    }
  }
}

function validateCluster(
  body: Record<string, any>,
  existing: StoredResource | undefined,
) {
  if (typeof body.location !== 'string' || !body.location) {
    throw errors.invalidParameter(
      'location',
      'Required parameter location is missing (null).',
    );
  }
  if (
    existing &&
    normalizeLocation(existing.resource.location) !==
      normalizeLocation(body.location)
  ) {
    throw errors.invalidParameter(
      'location',
      `The value of parameter location is invalid. Changing property 'location' is not allowed (current '${existing.resource.location}').`,
    );
  }
  const props = body.properties;
  if (props !== undefined && !isObject(props)) {
    throw errors.invalidParameter(
      'properties',
      'The value of parameter properties is invalid.',
    );
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
      if (!isObject(p))
        throw errors.invalidParameter(
          target,
          `The value of parameter ${target} is invalid.`,
        );
      validatePoolName(p.name, `${target}.name`);
      if (names.has(p.name)) {
        throw errors.invalidParameter(
          `${target}.name`,
          `Agent pool name '${p.name}' is used more than once.`,
        );
      }
      names.add(p.name);
      validatePoolProperties(p, target);
    });
    if (
      !existing &&
      !profiles.some((p: any) => p.mode === 'System' || p.mode === undefined)
    ) {
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
  const upgrading =
    !!before && before.orchestratorVersion !== planned.orchestratorVersion;
  return {
    key,
    vmSize: planned.vmSize ?? before?.vmSize,
    count: Number(planned.count) || 0,
    surge: upgrading
      ? surgeNodes(Number(before.count) || 0, planned.upgradeSettings?.maxSurge)
      : 0,
  };
}

export function putManagedCluster(
  ctx: EmulatorContext,
  req: ArmRequest,
): ArmResponse {
  settleOperations(ctx);
  const {
    subscriptionId: sub,
    resourceGroupName: rg,
    resourceName: name,
  } = req.params;
  const group = requireResourceGroup(ctx, sub, rg);
  requireWritableGroup(group);
  const body = req.body;
  if (!isObject(body)) {
    throw errors.invalidRequestContent(
      'The request content was invalid and could not be deserialized.',
    );
  }
  const key = clusterKey(sub, rg, name);
  const existing = ctx.state.resources.get(key);
  if (typeof body.location === 'string' && body.location) {
    requireAvailableLocation(ctx, body.location, 'managedCluster');
  }
  validateCluster(body, existing);
  const loc = normalizeLocation(existing?.resource.location ?? body.location);
  validateClusterRules(ctx, existing?.name ?? name, loc, body, existing);
  for (const profile of body.properties?.agentPoolProfiles ?? []) {
    requireAllowedVmSize(
      ctx,
      profile.vmSize ??
        ctx.state.resources.get(agentPoolKey(key, profile.name))?.resource
          .properties.vmSize,
      loc,
    );
  }
  checkPreconditions(req, existing);
  if (existing) {
    const running = operationInProgress(ctx, key);
    if (running) throw conflictError(running);
  } else {
    checkManagedClusterQuota(ctx, sub, loc);
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
  for (const ro of [
    'provisioningState',
    'currentKubernetesVersion',
    'fqdn',
    'azurePortalFQDN',
    'maxAgentPools',
    'powerState',
  ]) {
    delete requested[ro];
  }
  const clusterName = existing?.name ?? name;
  const rgName = group.name;
  const location: string = existing?.resource.location ?? loc;
  const props: Record<string, any> = {
    provisioningState: state,
    powerState: { code: 'Running' },
    ...requested,
  };
  const version =
    requested.kubernetesVersion ||
    previous.kubernetesVersion ||
    ctx.config.defaultKubernetesVersion;
  const poolPlans = (profiles ?? []).map(profile => {
    const poolExisting = ctx.state.resources.get(
      agentPoolKey(key, profile.name),
    );
    const planned = poolProperties(
      profile,
      poolExisting?.resource.properties,
      version,
      poolExisting ? 'Updating' : 'Creating',
    );
    return { profile, poolExisting, planned };
  });
  checkVCpuQuota(
    ctx,
    sub,
    location,
    poolPlans.map(p =>
      poolDemand(p.poolExisting, agentPoolKey(key, p.profile.name), p.planned),
    ),
  );
  props.kubernetesVersion = version;
  props.currentKubernetesVersion =
    resolveKubernetesVersion(ctx.config.kubernetesVersions, loc, version) ??
    version;
  // AKS's default prefix: name, group and subscription, cut to what a DNS prefix may hold.
  props.dnsPrefix =
    props.dnsPrefix ??
    previous.dnsPrefix ??
    `${clusterName}-${rgName}-${sub.slice(0, 6)}`
      .replace(/[^a-zA-Z0-9-]/g, '-')
      .slice(0, 54)
      .replace(/^-+|-+$/g, '');
  const suffix = shortHash(key);
  props.fqdn = `${props.dnsPrefix}-${suffix}.hcp.${loc}.azmk8s.io`;
  props.azurePortalFQDN = `${props.dnsPrefix}-${suffix}.portal.hcp.${loc}.azmk8s.io`;
  props.nodeResourceGroup =
    props.nodeResourceGroup ??
    previous.nodeResourceGroup ??
    `MC_${rgName}_${clusterName}_${loc}`;
  props.maxAgentPools = 100;
  if (isObject(requested.addonProfiles)) {
    props.addonProfiles = planAddonProfiles(
      requested.addonProfiles,
      previous.addonProfiles,
      {
        subscriptionId: sub,
        nodeResourceGroup: props.nodeResourceGroup,
        clusterName,
      },
    );
  } else if (previous.addonProfiles) {
    props.addonProfiles = previous.addonProfiles;
  }
  props.enableRBAC = props.enableRBAC ?? previous.enableRBAC ?? true;
  // Server-side defaults AKS fills in when the request leaves them out.
  props.networkProfile = props.networkProfile ??
    previous.networkProfile ?? {
      networkPlugin: 'azure',
      networkPluginMode: 'overlay',
      podCidr: '10.244.0.0/16',
      serviceCidr: '10.0.0.0/16',
      dnsServiceIP: '10.0.0.10',
      outboundType: 'loadBalancer',
      loadBalancerSku: 'standard',
    };
  props.servicePrincipalProfile = props.servicePrincipalProfile ??
    previous.servicePrincipalProfile ?? { clientId: 'msi' };
  props.oidcIssuerProfile = props.oidcIssuerProfile ??
    previous.oidcIssuerProfile ?? { enabled: false };
  props.securityProfile =
    props.securityProfile ?? previous.securityProfile ?? {};
  props.storageProfile = props.storageProfile ??
    previous.storageProfile ?? {
      diskCSIDriver: { enabled: true },
      fileCSIDriver: { enabled: true },
      snapshotController: { enabled: true },
    };
  props.workloadAutoScalerProfile =
    props.workloadAutoScalerProfile ?? previous.workloadAutoScalerProfile ?? {};
  if (
    !props.autoScalerProfile &&
    (profiles ?? []).some((p: any) => p?.enableAutoScaling)
  ) {
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
  resource.sku = resource.sku ??
    existing?.resource.sku ?? { name: 'Base', tier: 'Free' };
  if (body.identity !== undefined) {
    resource.identity = fillIdentity(
      body.identity,
      existing?.resource.identity,
      ctx,
    );
  } else if (existing?.resource.identity) {
    resource.identity = existing.resource.identity;
  }
  if (resource.identity) {
    props.identityProfile = {
      ...(isObject(previous.identityProfile) ? previous.identityProfile : {}),
      kubeletidentity: kubeletIdentity(
        ctx,
        requested.identityProfile,
        previous.identityProfile,
        sub,
        props.nodeResourceGroup,
        clusterName,
      ),
    };
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
    ...(existing?.certificateAuthority
      ? { certificateAuthority: existing.certificateAuthority }
      : {}),
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

export function getManagedCluster(
  ctx: EmulatorContext,
  req: ArmRequest,
): ArmResponse {
  settleOperations(ctx);
  const {
    subscriptionId: sub,
    resourceGroupName: rg,
    resourceName: name,
  } = req.params;
  return {
    status: 200,
    body: renderCluster(ctx, requireCluster(ctx, sub, rg, name)),
  };
}

export function deleteManagedCluster(
  ctx: EmulatorContext,
  req: ArmRequest,
): ArmResponse {
  settleOperations(ctx);
  const {
    subscriptionId: sub,
    resourceGroupName: rg,
    resourceName: name,
  } = req.params;
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

export function listManagedClustersInResourceGroup(
  ctx: EmulatorContext,
  req: ArmRequest,
): ArmResponse {
  settleOperations(ctx);
  const { subscriptionId: sub, resourceGroupName: rg } = req.params;
  requireResourceGroup(ctx, sub, rg);
  const items = resourcesOfKind(
    ctx,
    r =>
      r.kind === 'managedCluster' &&
      eq(r.subscriptionId, sub) &&
      eq(r.resourceGroup, rg),
  );
  const pools = poolsByCluster(ctx);
  return {
    status: 200,
    body: pageOf(ctx, req, items, r =>
      renderCluster(ctx, r, pools.get(r.key) ?? []),
    ),
  };
}

export function listManagedClustersInSubscription(
  ctx: EmulatorContext,
  req: ArmRequest,
): ArmResponse {
  settleOperations(ctx);
  const { subscriptionId: sub } = req.params;
  const items = resourcesOfKind(
    ctx,
    r => r.kind === 'managedCluster' && eq(r.subscriptionId, sub),
  );
  const pools = poolsByCluster(ctx);
  return {
    status: 200,
    body: pageOf(ctx, req, items, r =>
      renderCluster(ctx, r, pools.get(r.key) ?? []),
    ),
  };
}

/** PATCH (updateTags): synchronous tag update as in the recordings. */
export function patchManagedCluster(
  ctx: EmulatorContext,
  req: ArmRequest,
): ArmResponse {
  settleOperations(ctx);
  const {
    subscriptionId: sub,
    resourceGroupName: rg,
    resourceName: name,
  } = req.params;
  const cluster = requireCluster(ctx, sub, rg, name);
  requireWritableGroup(findResourceGroup(ctx, sub, rg));
  const body = req.body;
  if (!isObject(body)) {
    throw errors.invalidRequestContent(
      'The request content was invalid and could not be deserialized.',
    );
  }
  checkPreconditions(req, cluster);
  const running = operationInProgress(ctx, cluster.key);
  if (running) throw conflictError(running);
  if (body.tags !== undefined) {
    if (!isObject(body.tags))
      throw errors.invalidParameter(
        'tags',
        'The value of parameter tags is invalid.',
      );
    cluster.resource.tags = clone(body.tags);
  }
  cluster.eTag = newETag();
  cluster.lastRequest = undefined;
  return { status: 200, body: renderCluster(ctx, cluster) };
}
