import type {
  ClusterDecision,
  ClusterPhase,
  DriftItem,
} from '@complete-clusters/plugin-complete-clusters-common';
import type {
  ClusterChange,
  ClusterEvent,
  ClusterEventPage,
  ClusterFilter,
  ClusterPageQuery,
  ClusterPatch,
  ClusterRecord,
  ComponentStatus,
  ComponentUpdate,
  LeaseRecord,
  NewClusterEvent,
  NewClusterRequest,
  NewDeletionRequest,
  NewRollout,
  OwnershipChange,
  Principals,
  RolloutRecord,
} from './types';

/**
 * The clusters people asked for: their requests, what they should be, who
 * owns them and the decisions on them.
 */
export interface ClusterRequestStore {
  /**
   * Records a request, idempotently by cluster name: the same requester asking
   * again for the same name and template gets the existing cluster back
   * (`created: false`); anyone else gets a ConflictError.
   */
  requestCluster(
    request: NewClusterRequest,
  ): Promise<{ cluster: ClusterRecord; created: boolean }>;
  /**
   * The cluster that has this name now: the live one (neither Deleted nor
   * Rejected), or else the newest finished one.
   */
  getCluster(name: string): Promise<ClusterRecord | undefined>;
  getClusterById(id: string): Promise<ClusterRecord | undefined>;
  /** Every cluster that ever had this name: the one holding it, one a rebuild replaced, then the finished ones newest first. */
  listClustersNamed(name: string): Promise<ClusterRecord[]>;
  /** Clusters, newest first; Deleted ones only when asked for by phase. */
  listClusters(filter?: ClusterFilter): Promise<ClusterRecord[]>;
  /**
   * One page of clusters, newest first (then by name); `nextCursor` asks for
   * the next. Deleted ones only when asked for by phase or by `changedSince`.
   * A cursor this store did not write is an InputError.
   */
  listClusterPage(
    query: ClusterPageQuery,
  ): Promise<{ records: ClusterRecord[]; nextCursor?: string }>;
  /**
   * Changes a cluster and, with `event`, records why in its history: both in
   * one transaction. Several events may be given, e.g. one in the history of
   * the cluster it was rebuilt from, which the change concerns too.
   */
  updateCluster(
    id: string,
    patch: ClusterPatch,
    event?: NewClusterEvent | NewClusterEvent[],
  ): Promise<void>;
  /**
   * Puts a Failed cluster back to work in the phase it failed in (what it had
   * installed stays installed, its Failed components are Pending again; Azure
   * writes are idempotent); false if it was not Failed.
   */
  retryCluster(id: string): Promise<boolean>;
  /**
   * Records an approver's decision on a request in AwaitingApproval: it goes
   * on (Pending) or rests Rejected. False if it was not awaiting approval.
   */
  decide(id: string, decision: ClusterDecision): Promise<boolean>;
  /** Starts an update, scale or repair of a cluster resting in one of `from`; false if it was not. */
  startChange(
    id: string,
    change: ClusterChange,
    from: ClusterPhase[],
  ): Promise<boolean>;
  /**
   * Records a cluster rebuilt from another in one transaction: the new
   * cluster (with the given id, holding the name from now on), the link both
   * ways, the old one's status line, and an event in each history. A ConflictError when the old one is
   * finished, being deleted or already rebuilt (by another request just now).
   */
  rebuildCluster(
    fromId: string,
    request: NewClusterRequest & { id: string },
    events: { from: NewClusterEvent; to: NewClusterEvent },
    fromStatus: string,
  ): Promise<ClusterRecord>;
  /** Asks the engine to delete the cluster at its next step; false if it is already deleted or being deleted. */
  requestDeletion(id: string, request: NewDeletionRequest): Promise<boolean>;
  /**
   * Gives a cluster a new owner with the event that tells it, only while it
   * is still owned by `from`, in one of `phases`, not replaced by a rebuild
   * and with no deletion pending: false, and nothing written, otherwise.
   */
  transferOwnership(
    id: string,
    change: OwnershipChange,
    event: NewClusterEvent,
  ): Promise<boolean>;
  /** Replaces the Entra principals of a cluster's role bindings (a new template version may name new ones). */
  setPrincipals(id: string, principals: Principals): Promise<void>;
}

/** Where each policy and application of a cluster stands. */
export interface ClusterComponentStore {
  /** The recorded state of a cluster's policies and applications. */
  listComponents(clusterId: string): Promise<ComponentStatus[]>;
  /** Records where one component stands; with `event`, also in the cluster's history and status line, in the same transaction. */
  setComponent(
    clusterId: string,
    key: string,
    status: ComponentUpdate,
    event?: NewClusterEvent,
  ): Promise<void>;
  /** Forgets a component that has been removed from Azure. */
  removeComponent(clusterId: string, key: string): Promise<void>;
  /** Forgets every component of a cluster (it was deleted). */
  clearComponents(clusterId: string): Promise<void>;
}

/** The history of each cluster. */
export interface ClusterEventStore {
  appendEvent(event: NewClusterEvent): Promise<void>;
  /** Every event of a cluster, oldest first. */
  listEvents(clusterId: string): Promise<ClusterEvent[]>;
  /** The latest `limit` events of a cluster older than the cursor `before` (all, without), oldest first. */
  listEventPage(
    clusterId: string,
    options: { limit: number; before?: string },
  ): Promise<ClusterEventPage>;
  /** Removes events older than `olderThan` that are not decisions (and lease records of that time); how many events went. */
  pruneEvents(olderThan: Date): Promise<number>;
}

/** Rollouts of new template versions across clusters. */
export interface RolloutStore {
  /**
   * Records a rollout of one or more templates; a running one claims its
   * templates, and a template another running rollout holds is refused
   * (ConflictError naming it), whichever replica asks.
   */
  createRollout(rollout: NewRollout): Promise<RolloutRecord>;
  getRollout(id: string): Promise<RolloutRecord | undefined>;
  listRollouts(filter?: {
    /** Only the rollouts that include this template. */
    templateRef?: string;
    state?: RolloutRecord['state'];
  }): Promise<RolloutRecord[]>;
  updateRollout(
    id: string,
    patch: Partial<
      Pick<RolloutRecord, 'state' | 'clusters' | 'position' | 'message'>
    >,
  ): Promise<void>;
}

/** What the periodic checks of clusters record: drift from Azure, GitOps reads, expiry warnings. */
export interface ClusterCheckStore {
  /** Records the last comparison with Azure. */
  setDrift(
    id: string,
    drift: { checkedAt: string; items: DriftItem[] },
  ): Promise<void>;
  /** Records that a drift check found the same as before, for many clusters at once. */
  touchDriftChecks(ids: string[], checkedAt: string): Promise<void>;
  /** Records that a drift check read these clusters' GitOps components. */
  markGitOpsChecked(ids: string[], checkedAt: string): Promise<void>;
  /** Records that the owner was warned of the expiry. */
  setExpiryWarned(id: string, at: string): Promise<void>;
}

/**
 * The writes (and the one read) of the engine's step on a cluster. From
 * {@link WorkQueueStore.leasedBy}, each write happens only while that replica
 * holds the cluster's lease.
 */
export type ClusterStepStore = Pick<
  ClusterRequestStore,
  'updateCluster' | 'setPrincipals'
> &
  ClusterComponentStore &
  Pick<ClusterEventStore, 'appendEvent'>;

/** The engine's work queue: which replica works on which cluster, under a lease. */
export interface WorkQueueStore {
  /**
   * Takes the lease on one cluster that needs work (not resting, or asked to
   * be deleted) and
   * whose lease is free or expired, for `leaseMs`. Several backend replicas
   * calling this at once never get the same cluster.
   */
  claimWork(
    workerId: string,
    leaseMs: number,
  ): Promise<ClusterRecord | undefined>;
  /** Gives the cluster back; no replica takes it again before `delayMs` has passed. */
  releaseLease(id: string, workerId: string, delayMs?: number): Promise<void>;
  /**
   * The step's store for the engine replica `workerId`: each write for a
   * cluster (its row, events, components) happens only while that replica
   * holds the cluster's lease, and otherwise throws LeaseLostError, writing
   * nothing.
   */
  leasedBy(workerId: string): ClusterStepStore;
  /** The leases replicas took, oldest first (of one cluster, when given). */
  listLeases(clusterId?: string): Promise<LeaseRecord[]>;
}
