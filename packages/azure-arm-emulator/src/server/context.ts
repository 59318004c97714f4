import { FaultConfig, FaultInjector } from '../faults/faults';
import {
  ThrottleClass,
  Throttler,
  ThrottlingConfig,
} from '../throttling/throttler';
import type { EmulatorSubscription } from '../resources/subscriptions';
import type { KubernetesVersionsByRegion } from '../catalog/kubernetesVersions';

/** Every kind of resource the emulator stores (also the keys of `writesByKind`). */
export const RESOURCE_KINDS = [
  'resourceGroup',
  'managedCluster',
  'agentPool',
  'extension',
  'fluxConfiguration',
  'policyAssignment',
  'policyDefinition',
  'roleDefinition',
  'roleAssignment',
  'userAssignedIdentity',
] as const;

export type ResourceKind = (typeof RESOURCE_KINDS)[number];

/** Kinds whose `properties.provisioningState` follows their operations. */
export const PROVISIONED_KINDS: ReadonlySet<ResourceKind> =
  new Set<ResourceKind>([
    'resourceGroup',
    'managedCluster',
    'agentPool',
    'extension',
    'fluxConfiguration',
  ]);

/** A resource as stored by the emulator. */
export interface StoredResource {
  /** Lower-cased id, the map key. */
  key: string;
  kind: ResourceKind;
  id: string;
  name: string;
  subscriptionId: string;
  resourceGroup: string;
  clusterName?: string;
  /**
   * Key of the resource this one lives under and is deleted with: the cluster
   * for agent pools, extensions, Flux configurations and assignments at a
   * cluster (or cluster namespace) scope.
   */
  parentKey?: string;
  /** For scope-based resources (assignments, role definitions): the scope as rendered. */
  scope?: string;
  /**
   * Write-only values (`configurationProtectedSettings`): stored, never part
   * of `resource`, never returned by the API; /_emulator/state shows the keys only.
   */
  secrets?: Record<string, string>;
  /** Managed clusters: their own CA certificate (PEM), made when credentials are first listed. */
  certificateAuthority?: string;
  /** The stored ARM representation (clusters without agentPoolProfiles). */
  resource: Record<string, any>;
  eTag: string;
  /** Canonical JSON of the last accepted PUT body, for idempotency. */
  lastRequest?: string;
  createdSeq: number;
}

export type OperationStatus =
  | 'InProgress'
  | 'Succeeded'
  | 'Failed'
  | 'Canceled';

export interface Operation {
  id: string;
  name: string;
  status: OperationStatus;
  startTime: string;
  endTime?: string;
  error?: { code: string; message: string };
  action: 'create' | 'update' | 'delete';
  kind: ResourceKind;
  /** Keys of the resources this operation acts on (cluster plus pools). */
  resourceKeys: string[];
  /** Key of the managed cluster the operation locks. */
  lockKey: string;
  subscriptionId: string;
  location: string;
  doneAt: number;
  willFail: boolean;
  /** Human description as in AKS messages, e.g. "create node pool". */
  description: string;
  /**
   * For resource providers that serve the operation under the resource
   * (Microsoft.KubernetesConfiguration): the resource id the
   * `…/operations/{id}` URL hangs off. AKS operations live under
   * `…/locations/{location}` instead.
   */
  statusPath?: string;
  /** Runs when the operation ends Succeeded (fills read-only results, e.g. Flux statuses). */
  onSucceeded?: (ctx: EmulatorContext) => void;
}

/** Counts of API writes of one resource kind, by method. */
export interface WriteCounts {
  PUT: number;
  PATCH: number;
  DELETE: number;
}

/**
 * What the emulator has been asked since it started or since the last
 * `POST /_emulator/reset` (`?what=stats` resets only these). Request counts
 * include every API request whose URL the emulator knows, also those answered
 * 429 or with an injected fault: they are what a client sent.
 */
export interface EmulatorStats {
  /** When counting started (ISO 8601). */
  since: string;
  requestsByMethod: Record<string, number>;
  /** 429 responses sent: token buckets plus injected throttling. */
  throttled: number;
  /** 429 responses by bucket; `injected` for fault injection. */
  throttledByClass: Record<ThrottleClass | 'injected', number>;
  /** Writes (PUT, PATCH, DELETE) that passed throttling. */
  writes: number;
  /** GET and HEAD requests. */
  reads: {
    /** Resources and lists of resources. */
    resources: number;
    /** Long-running-operation polls: asyncOperation plus location. */
    operationPolls: number;
    /** GETs of Azure-AsyncOperation URLs (.../locations/{l}/operations/{id}). */
    asyncOperation: number;
    /** GETs of Location URLs (.../operationresults/{id}). */
    location: number;
  };
  /** PUT, PATCH and DELETE requests by resource kind. */
  writesByKind: Record<ResourceKind, WriteCounts>;
  /** PUTs of a managed cluster (the AKS `managedClusterPuts` throttling class). */
  managedClusterPuts: number;
  /** Status codes sent to API requests (admin endpoints excluded). */
  responsesByStatus: Record<string, number>;
  operationsStarted: number;
  /**
   * Milliseconds spent working out and serialising answers to API requests
   * (not waiting for bodies or sockets): what a benchmark running the
   * emulator in its own process subtracts to see its own share.
   */
  handlingMs: number;
  faultsInjected: { drop: number; throttle: number; serverError: number };
}

/** vCPU limits per location and family, see {@link EmulatorConfig.quotas}. */
export type QuotaLimits = Record<string, Record<string, number>>;

export interface EmulatorConfig {
  operationDurationMs: number;
  operationDurationByType: Partial<Record<ResourceKind, number>>;
  /** Retry-After on LRO responses; 0 omits the header. */
  retryAfterSeconds: number;
  /** Retry-After sent with injected 429s. */
  faultRetryAfterSeconds: number;
  pageSize: number;
  throttling: ThrottlingConfig;
  faults: FaultConfig;
  defaultKubernetesVersion: string;
  /** Regions resource groups and managed clusters may be created in. */
  locations: string[];
  /**
   * vCPU quota per subscription, by location (or `*` for every location), by
   * quota name: a VM family as `az vm list-usage` names it (e.g.
   * `standardNCADSA100v4Family`) or `cores` for Total Regional vCPUs. Every
   * subscription has these limits; usage is counted per subscription.
   */
  quotas: QuotaLimits;
  /** Limits for families and regions `quotas` does not name, and for managed clusters where `managedClusterQuota` names no region. */
  defaultQuota: {
    familyVCpus: number;
    totalRegionalVCpus: number;
    managedClustersPerRegion: number;
  };
  /**
   * AKS's managed-cluster quota: how many managed clusters a subscription may
   * have in a location (or `*` for every location). A PUT of a new cluster
   * past it is refused with `QuotaExceeded`.
   */
  managedClusterQuota: Record<string, number>;
  /** VM sizes the subscription may not use in a location: `{ [location]: ['Standard_...'] }`. */
  unavailableVmSizes: Record<string, string[]>;
  /**
   * Availability zones where the subscription may not use a VM size, by
   * location: `{ [location]: { 'Standard_...': ['1', '2'] } }`. Listed by
   * Compute's resource SKUs as a `Zone` restriction `NotAvailableForSubscription`.
   */
  unavailableVmSizeZones: Record<string, Record<string, string[]>>;
  /**
   * Git URLs Flux cannot fetch, with the message Flux reports: a Flux
   * configuration whose `gitRepository.url` is a key still provisions but
   * ends `Non-Compliant` with that message on its GitRepository status.
   */
  gitFailures: Record<string, string>;
  /** Subscriptions the emulator knows; any other is 404 SubscriptionNotFound. */
  subscriptions: EmulatorSubscription[];
  /** Kubernetes minor versions offered by region (`*` for the rest); default: every version everywhere. */
  kubernetesVersions: KubernetesVersionsByRegion;
}

export interface EmulatorState {
  resources: Map<string, StoredResource>;
  operations: Map<string, Operation>;
  stats: EmulatorStats;
  seq: number;
}

export interface EmulatorContext {
  config: EmulatorConfig;
  state: EmulatorState;
  throttler: Throttler;
  faults: FaultInjector;
  now: () => number;
}

const noWrites = (): WriteCounts => ({ PUT: 0, PATCH: 0, DELETE: 0 });

export function emptyStats(now: number = Date.now()): EmulatorStats {
  return {
    since: new Date(now).toISOString(),
    requestsByMethod: {},
    throttled: 0,
    throttledByClass: {
      reads: 0,
      writes: 0,
      deletes: 0,
      managedClusterPuts: 0,
      managedClusterGets: 0,
      agentPoolPuts: 0,
      subscriptionClusterLists: 0,
      resourceGroupClusterLists: 0,
      aksOperationStatus: 0,
      aksOther: 0,
      injected: 0,
    },
    writes: 0,
    reads: { resources: 0, operationPolls: 0, asyncOperation: 0, location: 0 },
    writesByKind: Object.fromEntries(
      RESOURCE_KINDS.map(k => [k, noWrites()]),
    ) as Record<ResourceKind, WriteCounts>,
    managedClusterPuts: 0,
    responsesByStatus: {},
    operationsStarted: 0,
    handlingMs: 0,
    faultsInjected: { drop: 0, throttle: 0, serverError: 0 },
  };
}

export function emptyState(now?: number): EmulatorState {
  return {
    resources: new Map(),
    operations: new Map(),
    stats: emptyStats(now),
    seq: 0,
  };
}

/** A parsed API request handed to resource handlers. */
export interface ArmRequest {
  method: string;
  path: string;
  params: Record<string, string>;
  query: URLSearchParams;
  headers: Record<string, string | string[] | undefined>;
  body: unknown;
  apiVersion: string;
  /** Scheme, host and port the client used, e.g. https://127.0.0.1:1234 */
  baseUrl: string;
}

export interface ArmResponse {
  status: number;
  headers?: Record<string, string>;
  body?: unknown;
}
