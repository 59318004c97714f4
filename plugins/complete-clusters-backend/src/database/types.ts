import type { ClusterTemplateSpec } from '@internal/plugin-complete-clusters-common';

/** Where a cluster is in its life. */
export type ClusterPhase = 'Pending' | 'Provisioning' | 'Ready' | 'Failed' | 'Deleting';

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
  operationState?: string;
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
  'name' | 'templateRef' | 'templateVersion' | 'parameters' | 'spec' | 'requestedBy' | 'ownerRef'
>;

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
  updateCluster(id: string, patch: Partial<Pick<ClusterRecord, 'phase' | 'statusMessage' | 'operationState'>>): Promise<void>;
  appendEvent(event: Omit<ClusterEvent, 'id' | 'createdAt'>): Promise<void>;
  listEvents(clusterId: string): Promise<ClusterEvent[]>;
  /**
   * Takes the lease on one cluster that needs work (not Ready, not Failed) and
   * whose lease is free or expired, for `leaseMs`. Several backend replicas
   * calling this at once never get the same cluster.
   */
  claimWork(workerId: string, leaseMs: number): Promise<ClusterRecord | undefined>;
  releaseLease(id: string, workerId: string): Promise<void>;
}
