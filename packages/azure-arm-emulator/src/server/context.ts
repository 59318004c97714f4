import { FaultConfig, FaultInjector } from '../faults/faults';
import { Throttler, ThrottlingConfig } from '../throttling/throttler';

export type ResourceKind = 'resourceGroup' | 'managedCluster' | 'agentPool';

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
  /** Key of the parent cluster for agent pools. */
  parentKey?: string;
  /** The stored ARM representation (clusters without agentPoolProfiles). */
  resource: Record<string, any>;
  eTag: string;
  /** Canonical JSON of the last accepted PUT body, for idempotency. */
  lastRequest?: string;
  createdSeq: number;
}

export type OperationStatus = 'InProgress' | 'Succeeded' | 'Failed';

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
}

export interface EmulatorStats {
  requestsByMethod: Record<string, number>;
  throttled: number;
  writes: number;
  operationsStarted: number;
  faultsInjected: { drop: number; throttle: number; serverError: number };
}

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

export function emptyStats(): EmulatorStats {
  return {
    requestsByMethod: {},
    throttled: 0,
    writes: 0,
    operationsStarted: 0,
    faultsInjected: { drop: 0, throttle: 0, serverError: 0 },
  };
}

export function emptyState(): EmulatorState {
  return {
    resources: new Map(),
    operations: new Map(),
    stats: emptyStats(),
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
