import type { ClusterAzureIds, ClusterPhase, ClusterTemplateSpec } from '@internal/plugin-complete-clusters-common';

/** A requested cluster as the engine keeps it. */
export interface ClusterRecord {
  id: string;
  name: string;
  templateRef: string;
  templateVersion: string;
  parameters: Record<string, unknown>;
  spec: ClusterTemplateSpec;
  requestedBy: string;
  ownerRef: string;
  phase: ClusterPhase;
  statusMessage?: string;
  /** Where it lives in Azure (fqdn once known). */
  azure: ClusterAzureIds;
  /** Serialized long-running Azure operation of the current phase. */
  operationState?: string;
  /** Attempts of the current phase after transient Azure errors. */
  attempts: number;
  createdAt: string;
  updatedAt: string;
}

/** One entry of a cluster's history. */
export interface ClusterEvent {
  id: number;
  clusterId: string;
  phase: string;
  level: 'info' | 'warning' | 'error';
  message: string;
  createdAt: string;
}

/** What a consumer asked for: the fields of a record that the request sets. */
export type NewClusterRequest = Pick<
  ClusterRecord,
  'name' | 'templateRef' | 'templateVersion' | 'parameters' | 'spec' | 'requestedBy' | 'ownerRef' | 'azure'
>;

/** What the engine changes on a cluster as it works. */
export type ClusterPatch = Partial<Pick<ClusterRecord, 'phase' | 'statusMessage' | 'operationState' | 'attempts'>> & {
  fqdn?: string;
};

/** The engine's store of cluster requests and their events. */
export interface ClusterStore {
  /**
   * Records a request, idempotently by cluster name: the same requester asking
   * again for the same name and template gets the existing cluster back
   * (`created: false`); anyone else gets a ConflictError.
   */
  requestCluster(request: NewClusterRequest): Promise<{ cluster: ClusterRecord; created: boolean }>;
  getCluster(name: string): Promise<ClusterRecord | undefined>;
  listClusters(filter?: { ownerRefs?: string[] }): Promise<ClusterRecord[]>;
  updateCluster(id: string, patch: ClusterPatch): Promise<void>;
  /** Puts a Failed cluster back to work from its first phase (Azure writes are idempotent); false if it was not Failed. */
  retryCluster(id: string): Promise<boolean>;
  appendEvent(event: Omit<ClusterEvent, 'id' | 'createdAt'>): Promise<void>;
  listEvents(clusterId: string): Promise<ClusterEvent[]>;
  /**
   * Takes the lease on one cluster that needs work (not Ready, not Failed) and
   * whose lease is free or expired, for `leaseMs`. Several backend replicas
   * calling this at once never get the same cluster.
   */
  claimWork(workerId: string, leaseMs: number): Promise<ClusterRecord | undefined>;
  /** Gives the cluster back; no replica takes it again before `delayMs` has passed. */
  releaseLease(id: string, workerId: string, delayMs?: number): Promise<void>;
}
