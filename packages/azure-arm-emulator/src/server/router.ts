import { ArmError, errors } from '../errors';
import { getOperationResult, getOperationStatus } from '../lro/operations';
import {
  deleteAgentPool,
  getAgentPool,
  listAgentPools,
  putAgentPool,
} from '../resources/agentPools';
import {
  listClusterAdminCredential,
  listClusterUserCredential,
} from '../resources/clusterCredentials';
import {
  deleteManagedCluster,
  getManagedCluster,
  listManagedClustersInResourceGroup,
  listManagedClustersInSubscription,
  patchManagedCluster,
  putManagedCluster,
  renderCluster,
} from '../resources/managedClusters';
import {
  deleteResourceGroup,
  getResourceGroup,
  getResourceGroupOperationResult,
  headResourceGroup,
  listResourceGroups,
  putResourceGroup,
} from '../resources/resourceGroups';
import {
  deleteExtension,
  getExtension,
  getExtensionOperation,
  listExtensions,
  putExtension,
} from '../resources/extensions';
import {
  deleteFluxConfiguration,
  getFluxConfiguration,
  getFluxConfigurationOperation,
  listFluxConfigurations,
  putFluxConfiguration,
} from '../resources/fluxConfigurations';
import {
  deletePolicyAssignment,
  getPolicyAssignment,
  listPolicyAssignments,
  putPolicyAssignment,
} from '../resources/policyAssignments';
import {
  deletePolicyDefinition,
  getPolicyDefinition,
  getPolicySetDefinition,
  listPolicyDefinitions,
  listPolicySetDefinitions,
  putPolicyDefinition,
} from '../resources/policyDefinitions';
import {
  deleteRoleAssignment,
  getRoleAssignment,
  listRoleAssignments,
  putRoleAssignment,
} from '../resources/roleAssignments';
import {
  deleteRoleDefinition,
  getRoleDefinition,
  listRoleDefinitions,
  putRoleDefinition,
} from '../resources/roleDefinitions';
import { subscriptionOfScope } from '../resources/scopes';
import {
  getProvider,
  getSubscription,
  listProviders,
  listSubscriptions,
  registerProvider,
} from '../resources/subscriptions';
import {
  getUpgradeProfile,
  listKubernetesVersions,
} from '../resources/kubernetesVersions';
import {
  deleteUserAssignedIdentity,
  getUserAssignedIdentity,
  listUserAssignedIdentities,
  putUserAssignedIdentity,
} from '../resources/userAssignedIdentities';
import {
  patchExtension,
  patchFluxConfiguration,
} from '../resources/kubernetesConfigurationPatch';
import { queryPolicyStates } from '../resources/policyStates';
import {
  listComputeUsages,
  listResourceSkus,
  requireServedLocation,
} from '../resources/compute';
import { ThrottleClass } from '../throttling/throttler';
import { retailPrices } from '../prices/retailPrices';
import {
  applyConfig,
  deleteResourceBehindTheApi,
  patchResource,
  renderResource,
  resetState,
  resetStats,
  snapshot,
} from './admin';
import {
  ArmRequest,
  ArmResponse,
  EmulatorContext,
  EmulatorStats,
  ResourceKind,
} from './context';
import { header, isObject } from '../util';
import { normalizeLocation } from '../catalog/regions';
import { ApiTypeName } from '../catalog/apiVersions';
import { authenticate } from '../auth/accessToken';
import { checkApiVersion } from './apiVersionCheck';
import { requireKnownSubscription } from '../resources/subscriptions';
import {
  keepUnexpressedProperties,
  shapeForApiVersion,
} from '../resources/versionShapes';

type Handler = (ctx: EmulatorContext, req: ArmRequest) => ArmResponse;

interface Route {
  /**
   * Segments to match; `{name}` captures one. With `scoped`, the pattern is
   * the tail of the path and whatever precedes it is the ARM scope
   * (`params.scope`), as for extension resources `/{scope}/providers/Microsoft.Authorization/…`.
   */
  pattern: string[];
  scoped?: boolean;
  methods: Record<string, Handler>;
  /** The kind of resource the URL names, for the stats. */
  kind?: ResourceKind;
  /** For long-running-operation URLs: which header handed it out. */
  poll?: 'asyncOperation' | 'location';
  /** The resource type whose api-versions the URL accepts. */
  api: ApiTypeName;
}

const CS = ['providers', 'microsoft.containerservice'];
const COMPUTE = ['providers', 'microsoft.compute'];
const RG = [
  'subscriptions',
  '{subscriptionId}',
  'resourcegroups',
  '{resourceGroupName}',
];
const MC = [...RG, ...CS, 'managedclusters', '{resourceName}'];
const LOC = [
  'subscriptions',
  '{subscriptionId}',
  ...CS,
  'locations',
  '{location}',
];
const KC = [...MC, 'providers', 'microsoft.kubernetesconfiguration'];
const AUTH = ['providers', 'microsoft.authorization'];

const MSI = [
  ...RG,
  'providers',
  'microsoft.managedidentity',
  'userassignedidentities',
];

const routes: Route[] = [
  {
    pattern: ['subscriptions'],
    methods: { GET: listSubscriptions },
    api: 'subscriptions',
  },
  {
    pattern: ['subscriptions', '{subscriptionId}'],
    methods: { GET: getSubscription },
    api: 'subscriptions',
  },
  {
    pattern: ['subscriptions', '{subscriptionId}', 'providers'],
    methods: { GET: listProviders },
    api: 'providers',
  },
  {
    pattern: [
      'subscriptions',
      '{subscriptionId}',
      'providers',
      '{resourceProviderNamespace}',
    ],
    methods: { GET: getProvider },
    api: 'providers',
  },
  {
    pattern: [
      'subscriptions',
      '{subscriptionId}',
      'providers',
      '{resourceProviderNamespace}',
      'register',
    ],
    methods: { POST: registerProvider },
    api: 'providers',
  },
  {
    pattern: [...LOC, 'kubernetesversions'],
    methods: {
      GET: (ctx, req) => {
        requireServedLocation(ctx, req, 'kubernetesVersions');
        return listKubernetesVersions(ctx, req);
      },
    },
    api: 'kubernetesVersions',
  },
  {
    pattern: ['subscriptions', '{subscriptionId}', ...COMPUTE, 'skus'],
    methods: { GET: listResourceSkus },
    api: 'resourceSkus',
  },
  {
    pattern: [
      'subscriptions',
      '{subscriptionId}',
      ...COMPUTE,
      'locations',
      '{location}',
      'usages',
    ],
    methods: { GET: listComputeUsages },
    api: 'computeUsages',
  },
  {
    pattern: [...MC, 'upgradeprofiles', 'default'],
    methods: { GET: getUpgradeProfile },
    api: 'upgradeProfiles',
  },
  {
    pattern: MSI,
    methods: { GET: listUserAssignedIdentities },
    kind: 'userAssignedIdentity',
    api: 'userAssignedIdentities',
  },
  {
    pattern: [...MSI, '{resourceName}'],
    methods: {
      PUT: putUserAssignedIdentity,
      GET: getUserAssignedIdentity,
      DELETE: deleteUserAssignedIdentity,
    },
    kind: 'userAssignedIdentity',
    api: 'userAssignedIdentities',
  },
  {
    scoped: true,
    pattern: [
      'providers',
      'microsoft.policyinsights',
      'policystates',
      '{policyStatesResource}',
      'queryresults',
    ],
    methods: { POST: queryPolicyStates },
    api: 'policyStates',
  },
  {
    pattern: ['subscriptions', '{subscriptionId}', 'resourcegroups'],
    methods: { GET: listResourceGroups },
    kind: 'resourceGroup',
    api: 'resourceGroups',
  },
  {
    pattern: RG,
    methods: {
      PUT: putResourceGroup,
      GET: getResourceGroup,
      HEAD: headResourceGroup,
      DELETE: deleteResourceGroup,
    },
    kind: 'resourceGroup',
    api: 'resourceGroups',
  },
  {
    pattern: [
      'subscriptions',
      '{subscriptionId}',
      'operationresults',
      '{operationId}',
    ],
    methods: { GET: getResourceGroupOperationResult },
    poll: 'location',
    api: 'resourceGroups',
  },
  {
    pattern: ['subscriptions', '{subscriptionId}', ...CS, 'managedclusters'],
    methods: { GET: listManagedClustersInSubscription },
    kind: 'managedCluster',
    api: 'managedClusters',
  },
  {
    pattern: [...LOC, 'operations', '{operationId}'],
    methods: { GET: getOperationStatus },
    poll: 'asyncOperation',
    api: 'aksOperations',
  },
  {
    pattern: [...LOC, 'operationresults', '{operationId}'],
    methods: {
      GET: (ctx, req) =>
        getOperationResult(ctx, req, r => renderResource(ctx, r)),
    },
    poll: 'location',
    api: 'aksOperations',
  },
  {
    pattern: [...RG, ...CS, 'managedclusters'],
    methods: { GET: listManagedClustersInResourceGroup },
    kind: 'managedCluster',
    api: 'managedClusters',
  },
  {
    pattern: MC,
    methods: {
      PUT: putManagedCluster,
      PATCH: patchManagedCluster,
      GET: getManagedCluster,
      DELETE: deleteManagedCluster,
    },
    kind: 'managedCluster',
    api: 'managedClusters',
  },
  {
    pattern: [...MC, 'listclusterusercredential'],
    methods: { POST: listClusterUserCredential },
    kind: 'managedCluster',
    api: 'managedClusters',
  },
  {
    pattern: [...MC, 'listclusteradmincredential'],
    methods: { POST: listClusterAdminCredential },
    kind: 'managedCluster',
    api: 'managedClusters',
  },
  {
    pattern: [...MC, 'agentpools'],
    methods: { GET: listAgentPools },
    kind: 'agentPool',
    api: 'agentPools',
  },
  {
    pattern: [...MC, 'agentpools', '{agentPoolName}'],
    methods: { PUT: putAgentPool, GET: getAgentPool, DELETE: deleteAgentPool },
    kind: 'agentPool',
    api: 'agentPools',
  },
  {
    pattern: [...KC, 'extensions'],
    methods: { GET: listExtensions },
    kind: 'extension',
    api: 'extensions',
  },
  {
    pattern: [...KC, 'extensions', '{extensionName}'],
    methods: {
      PUT: putExtension,
      PATCH: patchExtension,
      GET: getExtension,
      DELETE: deleteExtension,
    },
    kind: 'extension',
    api: 'extensions',
  },
  {
    pattern: [
      ...KC,
      'extensions',
      '{extensionName}',
      'operations',
      '{operationId}',
    ],
    methods: { GET: getExtensionOperation },
    poll: 'asyncOperation',
    api: 'extensions',
  },
  {
    pattern: [...KC, 'fluxconfigurations'],
    methods: { GET: listFluxConfigurations },
    kind: 'fluxConfiguration',
    api: 'fluxConfigurations',
  },
  {
    pattern: [...KC, 'fluxconfigurations', '{fluxConfigurationName}'],
    methods: {
      PUT: putFluxConfiguration,
      PATCH: patchFluxConfiguration,
      GET: getFluxConfiguration,
      DELETE: deleteFluxConfiguration,
    },
    kind: 'fluxConfiguration',
    api: 'fluxConfigurations',
  },
  {
    pattern: [
      ...KC,
      'fluxconfigurations',
      '{fluxConfigurationName}',
      'operations',
      '{operationId}',
    ],
    methods: { GET: getFluxConfigurationOperation },
    poll: 'asyncOperation',
    api: 'fluxConfigurations',
  },
  // Microsoft.Authorization: extension resources at any scope (tenant, subscription, group, resource).
  {
    scoped: true,
    pattern: [...AUTH, 'policyassignments'],
    methods: { GET: listPolicyAssignments },
    kind: 'policyAssignment',
    api: 'policyAssignments',
  },
  {
    scoped: true,
    pattern: [...AUTH, 'policyassignments', '{policyAssignmentName}'],
    methods: {
      PUT: putPolicyAssignment,
      GET: getPolicyAssignment,
      DELETE: deletePolicyAssignment,
    },
    kind: 'policyAssignment',
    api: 'policyAssignments',
  },
  {
    scoped: true,
    pattern: [...AUTH, 'policydefinitions'],
    methods: { GET: listPolicyDefinitions },
    kind: 'policyDefinition',
    api: 'policyDefinitions',
  },
  {
    scoped: true,
    pattern: [...AUTH, 'policydefinitions', '{policyDefinitionName}'],
    methods: {
      PUT: putPolicyDefinition,
      GET: getPolicyDefinition,
      DELETE: deletePolicyDefinition,
    },
    kind: 'policyDefinition',
    api: 'policyDefinitions',
  },
  {
    scoped: true,
    pattern: [...AUTH, 'policysetdefinitions'],
    methods: { GET: listPolicySetDefinitions },
    kind: 'policyDefinition',
    api: 'policySetDefinitions',
  },
  {
    scoped: true,
    pattern: [...AUTH, 'policysetdefinitions', '{policySetDefinitionName}'],
    methods: { GET: getPolicySetDefinition },
    kind: 'policyDefinition',
    api: 'policySetDefinitions',
  },
  {
    scoped: true,
    pattern: [...AUTH, 'roledefinitions'],
    methods: { GET: listRoleDefinitions },
    kind: 'roleDefinition',
    api: 'roleDefinitions',
  },
  {
    scoped: true,
    pattern: [...AUTH, 'roledefinitions', '{roleDefinitionId}'],
    methods: {
      PUT: putRoleDefinition,
      GET: getRoleDefinition,
      DELETE: deleteRoleDefinition,
    },
    kind: 'roleDefinition',
    api: 'roleDefinitions',
  },
  {
    scoped: true,
    pattern: [...AUTH, 'roleassignments'],
    methods: { GET: listRoleAssignments },
    kind: 'roleAssignment',
    api: 'roleAssignments',
  },
  {
    scoped: true,
    pattern: [...AUTH, 'roleassignments', '{roleAssignmentName}'],
    methods: {
      PUT: putRoleAssignment,
      GET: getRoleAssignment,
      DELETE: deleteRoleAssignment,
    },
    kind: 'roleAssignment',
    api: 'roleAssignments',
  },
];

export function matchRoute(
  segments: string[],
): { route: Route; params: Record<string, string> } | undefined {
  for (const candidate of routes) {
    const offset = segments.length - candidate.pattern.length;
    if (candidate.scoped ? offset < 0 : offset !== 0) continue;
    const params: Record<string, string> = {};
    let ok = true;
    for (let i = 0; i < candidate.pattern.length; i++) {
      const p = candidate.pattern[i];
      const segment = segments[offset + i];
      if (p.startsWith('{')) params[p.slice(1, -1)] = segment;
      else if (p !== segment.toLowerCase()) {
        ok = false;
        break;
      }
    }
    if (!ok) continue;
    if (candidate.scoped) {
      params.scope = `/${segments.slice(0, offset).join('/')}`;
      const sub = subscriptionOfScope(params.scope);
      if (sub) params.subscriptionId = sub;
    }
    return { route: candidate, params };
  }
  return undefined;
}

const AKS_APIS: ReadonlySet<ApiTypeName> = new Set<ApiTypeName>([
  'managedClusters',
  'agentPools',
  'aksOperations',
  'kubernetesVersions',
  'upgradeProfiles',
]);

/** ARM's buckets: reads, deletes and other writes are counted apart. */
function throttleClassOf(method: string): ThrottleClass {
  if (method === 'GET' || method === 'HEAD') return 'reads';
  return method === 'DELETE' ? 'deletes' : 'writes';
}

/**
 * The token buckets a request takes from, each with the scope it is counted
 * in: ARM's per subscription, then AKS's per operation (per cluster, pool,
 * resource group or subscription, as AKS documents them).
 */
function throttleBuckets(
  method: string,
  params: Record<string, string>,
  matched: { route: Route },
): Array<[ThrottleClass, string]> {
  const sub = params.subscriptionId ?? 'tenant';
  const arm = throttleClassOf(method);
  const out: Array<[ThrottleClass, string]> = [[arm, sub]];
  if (!AKS_APIS.has(matched.route.api)) return out;
  const cluster =
    `${sub}/${params.resourceGroupName}/${params.resourceName}`.toLowerCase();
  const read = method === 'GET' || method === 'HEAD';
  const { methods } = matched.route;
  if (matched.route.poll) out.push(['aksOperationStatus', sub]);
  else if (method === 'PUT' && methods.PUT === putManagedCluster)
    out.push(['managedClusterPuts', cluster]);
  else if (method === 'PUT' && params.agentPoolName)
    out.push([
      'agentPoolPuts',
      `${cluster}/${params.agentPoolName}`.toLowerCase(),
    ]);
  else if (read && methods.GET === getManagedCluster)
    out.push(['managedClusterGets', cluster]);
  else if (read && methods.GET === listManagedClustersInSubscription)
    out.push(['subscriptionClusterLists', sub]);
  else if (read && methods.GET === listManagedClustersInResourceGroup)
    out.push([
      'resourceGroupClusterLists',
      `${sub}/${params.resourceGroupName}`.toLowerCase(),
    ]);
  else out.push(['aksOther', sub]);
  return out;
}

/** The body of a request whose content is not JSON: refused after authentication, as ARM does. */
export const INVALID_BODY = Symbol('invalid body');

/** The stored resource a URL names (stored keys are lower-cased ids). */
function resourceKeyOf(pathname: string) {
  return pathname.replace(/\/+$/, '').toLowerCase();
}

export interface RawRequest {
  method: string;
  url: URL;
  headers: Record<string, string | string[] | undefined>;
  body: unknown;
  baseUrl: string;
}

/** The outcome of routing: a response, or a dropped connection. */
export type RouteResult = ArmResponse | 'drop';

export function handleAdmin(
  ctx: EmulatorContext,
  raw: RawRequest,
): ArmResponse {
  const path = raw.url.pathname.replace(/\/+$/, '');
  const m = raw.method;
  if (path === '/_emulator/state' && m === 'GET')
    return { status: 200, body: snapshot(ctx) };
  if (path === '/_emulator/config' && m === 'GET')
    return { status: 200, body: ctx.config };
  if (raw.body === INVALID_BODY)
    throw errors.invalidRequestContent(
      'The request content was invalid and could not be deserialized.',
    );
  if (path === '/_emulator/config' && m === 'POST') {
    if (!isObject(raw.body)) {
      throw new ArmError(400, 'BadRequest', 'The body must be a JSON object.');
    }
    applyConfig(ctx, raw.body as Record<string, any>);
    return { status: 200, body: ctx.config };
  }
  if (path === '/_emulator/stats' && m === 'GET')
    return { status: 200, body: ctx.state.stats };
  if (path === '/_emulator/reset' && m === 'POST') {
    const what = raw.url.searchParams.get('what') ?? 'all';
    if (what === 'stats') resetStats(ctx);
    else if (what === 'all') resetState(ctx);
    else
      throw new ArmError(
        400,
        'BadRequest',
        `Unknown reset '${what}': use what=all (the default) or what=stats.`,
        'what',
      );
    return { status: 204 };
  }
  if (path === '/_emulator/resources' && m === 'PATCH') {
    return patchResource(ctx, raw.url.searchParams.get('id'), raw.body);
  }
  if (path === '/_emulator/resources' && m === 'DELETE') {
    return deleteResourceBehindTheApi(ctx, raw.url.searchParams.get('id'));
  }
  throw new ArmError(404, 'NotFound', `No emulator endpoint ${m} ${path}.`);
}

/** ARM's `x-ms-ratelimit-remaining-subscription-*` headers (AKS's own buckets send none). */
function rateLimitHeaders(
  ctx: EmulatorContext,
  buckets: Array<[ThrottleClass, string]>,
) {
  const headers: Record<string, string> = {};
  const name: Partial<Record<ThrottleClass, string>> = {
    reads: 'x-ms-ratelimit-remaining-subscription-reads',
    writes: 'x-ms-ratelimit-remaining-subscription-writes',
    deletes: 'x-ms-ratelimit-remaining-subscription-deletes',
  };
  for (const [c, scope] of buckets)
    if (name[c])
      headers[name[c]!] = String(ctx.throttler.bucket(scope, c).remaining());
  return headers;
}

function pathSegments(pathname: string): string[] {
  return pathname
    .split('/')
    .filter(Boolean)
    .map(segment => {
      try {
        return decodeURIComponent(segment);
      } catch {
        return segment;
      }
    });
}

/** Counts one API request in the stats by what its URL names. */
function countRequest(
  stats: EmulatorStats,
  method: string,
  matched: ReturnType<typeof matchRoute>,
) {
  stats.requestsByMethod[method] = (stats.requestsByMethod[method] ?? 0) + 1;
  if (!matched) return;
  const { route: r, params } = matched;
  if (method === 'GET' || method === 'HEAD') {
    if (r.poll) {
      stats.reads.operationPolls++;
      stats.reads[r.poll]++;
    } else {
      stats.reads.resources++;
    }
    return;
  }
  if (
    r.kind &&
    (method === 'PUT' || method === 'PATCH' || method === 'DELETE')
  ) {
    stats.writesByKind[r.kind][method]++;
    if (method === 'PUT' && r.kind === 'managedCluster' && params.resourceName)
      stats.managedClusterPuts++;
  }
}

/**
 * The region a request is about, for the unreachableRegions fault: the
 * region it names (`…/locations/{location}/…`), the location of the nearest
 * stored resource on its path (a pool or extension is where its cluster is,
 * a resource group's contents where they or their group are), the location a
 * PUT asks for, or the region of the operation it polls. Undefined for
 * requests about no one region (subscription-wide lists).
 */
function regionOfRequest(
  ctx: EmulatorContext,
  raw: RawRequest,
  params: Record<string, string>,
): string | undefined {
  if (params.location) return normalizeLocation(params.location);
  const segments = resourceKeyOf(raw.url.pathname).split('/');
  for (let end = segments.length; end > 3; end--) {
    const stored = ctx.state.resources.get(segments.slice(0, end).join('/'));
    if (typeof stored?.resource.location === 'string')
      return normalizeLocation(stored.resource.location);
    if (
      end === segments.length &&
      raw.method === 'PUT' &&
      isObject(raw.body) &&
      typeof raw.body.location === 'string'
    )
      return normalizeLocation(raw.body.location);
  }
  const op = params.operationId
    ? ctx.state.operations.get(params.operationId)
    : undefined;
  return op ? normalizeLocation(op.location) : undefined;
}

/** Routes one API request: faults, auth, api-version, throttling, handler. */
export function route(ctx: EmulatorContext, raw: RawRequest): RouteResult {
  if (raw.url.pathname.startsWith('/_emulator/')) return handleAdmin(ctx, raw);
  // Azure's public Retail Prices API (prices.azure.com): no token, no ARM.
  if (
    raw.url.pathname.replace(/\/+$/, '').toLowerCase() === '/api/retail/prices'
  ) {
    if (raw.method !== 'GET') throw errors.methodNotAllowed(raw.method);
    return retailPrices(raw.url, raw.baseUrl);
  }

  const stats = ctx.state.stats;
  const matched = matchRoute(pathSegments(raw.url.pathname));
  countRequest(stats, raw.method, matched);

  const fault = ctx.faults.nextRequestFault();
  if (fault === 'drop') {
    stats.faultsInjected.drop++;
    return 'drop';
  }
  if (fault === 'throttle') {
    stats.faultsInjected.throttle++;
    stats.throttled++;
    stats.throttledByClass.injected++;
    throw errors.throttled(ctx.config.faultRetryAfterSeconds, 'injected');
  }
  if (fault === 'serverError') {
    stats.faultsInjected.serverError++;
    throw errors.internal();
  }
  const region = regionOfRequest(ctx, raw, matched?.params ?? {});
  if (region && ctx.faults.isUnreachable(region))
    throw errors.regionUnavailable(region);

  // ARM's order: who is asking, which api-version, which subscription, then the body.
  authenticate(header(raw.headers, 'authorization'), ctx.now());

  const apiVersion = raw.url.searchParams.get('api-version');
  if (!apiVersion) throw errors.missingApiVersion();

  if (!matched) throw errors.notEmulated(raw.method, raw.url.pathname);
  if (matched.params.subscriptionId)
    requireKnownSubscription(ctx, matched.params.subscriptionId);
  checkApiVersion(ctx, matched.route.api, apiVersion, matched.params, raw.body);
  if (raw.body === INVALID_BODY) {
    throw errors.invalidRequestContent(
      'The request content was invalid and could not be deserialized.',
    );
  }
  const handler = matched.route.methods[raw.method];
  if (!handler) throw errors.methodNotAllowed(raw.method);

  // Tenant-level requests (built-in role and policy definitions) share one bucket.
  const buckets = throttleBuckets(raw.method, matched.params, matched);
  for (const [c, scope] of buckets) {
    const bucket = ctx.throttler.bucket(scope, c);
    if (!bucket.tryTake()) {
      stats.throttled++;
      stats.throttledByClass[c]++;
      throw errors.throttled(bucket.retryAfterSeconds(), c);
    }
  }
  if (raw.method !== 'GET' && raw.method !== 'HEAD') stats.writes++;

  const api = matched.route.api;
  const body =
    raw.method === 'PUT'
      ? keepUnexpressedProperties(
          api,
          apiVersion,
          raw.body,
          ctx.state.resources.get(resourceKeyOf(raw.url.pathname)),
        )
      : raw.body;
  const res = handler(ctx, {
    method: raw.method,
    path: raw.url.pathname,
    params: matched.params,
    query: raw.url.searchParams,
    headers: raw.headers,
    body,
    apiVersion,
    baseUrl: raw.baseUrl,
  });
  res.headers = { ...rateLimitHeaders(ctx, buckets), ...res.headers };
  res.body = shapeForApiVersion(api, apiVersion, res.body);
  return res;
}

export { renderCluster };
