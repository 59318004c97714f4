import type {
  ClusterActivity,
  ClusterAzureIds,
  ClusterDecision,
  ClusterPhase,
  ClusterTemplateSpec,
  ComponentState,
  DriftItem,
  Rollout,
} from '@complete-clusters/plugin-complete-clusters-common';

import type { OperationFailures, OperationState } from './operationState';

/** A Microsoft Entra ID principal a role binding grants access to: ids only. */
export interface Principal {
  /** Entra object id (GUID). */
  objectId: string;
  type: 'User' | 'Group';
}

/** The principals of a cluster's role bindings, by entity ref (the requester under their user ref). */
export type Principals = Record<string, Principal>;

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
  /** The Azure operation the current phase follows. */
  operationState?: OperationState;
  /** Attempts of the current phase after transient Azure errors. */
  attempts: number;
  /**
   * Failed outcomes of each operation of the current phase (by what it does),
   * across submissions: Azure accepted it, then ended it Failed. Cleared when
   * the phase moves on, a change starts or a person retries.
   */
  operationFailures?: OperationFailures;
  /** Entra ID principals of the role bindings, resolved when the cluster was requested. */
  principals: Principals;
  /** The phase a Failed cluster failed in; a retry resumes there. */
  failedPhase?: ClusterPhase;
  /** What the current run of phases is for. */
  activity: ClusterActivity;
  /** The approver's decision, for templates that require approval. */
  decision?: ClusterDecision;
  /** When the template's time to live deletes it, and when its owner was warned. */
  expiresAt?: string;
  expiryWarnedAt?: string;
  /** The last comparison with Azure. */
  drift?: { checkedAt: string; items: DriftItem[] };
  /** When a drift check last read its GitOps components (listed per cluster in Azure, so read a few clusters per cycle). */
  gitopsCheckedAt?: string;
  /** The rollout bringing it to a new template version, if any. */
  rolloutId?: string;
  /** Why and when it is being (or was) deleted; the engine deletes it at its next step. Kept once Deleted. */
  deletion?: DeletionRequest;
  /** The id of the cluster this one was rebuilt from, in another region. */
  rebuiltFrom?: string;
  /**
   * The id of the cluster rebuilt from this one in another region: that one
   * holds the name now; this one waits for its owner's confirmation to be deleted.
   */
  rebuiltTo?: string;
  createdAt: string;
  updatedAt: string;
}

/** Who or what asked for a cluster's deletion. */
export type DeletionRequest =
  /** A person (its owner or a member of its template's owning group). */
  | { cause: 'user'; by: string; at: string }
  /** The template's time to live ran out. */
  | { cause: 'expiry'; at: string };

/** A deletion request as it is asked for (the store records when). */
export type NewDeletionRequest =
  | { cause: 'user'; by: string }
  | { cause: 'expiry' };

/** A transfer of ownership: from whom (as the caller saw it), to whom, in which phases it may happen. */
export interface OwnershipChange {
  from: string;
  to: string;
  /** Entra principals of the role bindings under the new owner. */
  principals: Principals;
  phases: ClusterPhase[];
}

/** A lease a replica took on a cluster. */
export interface LeaseRecord {
  clusterId: string;
  owner: string;
  takenAt: string;
  expiresAt: string;
  releasedAt?: string;
}

/** One entry of a cluster's history. */
export interface ClusterEvent {
  id: number;
  clusterId: string;
  phase: string;
  level: 'info' | 'warning' | 'error';
  message: string;
  /**
   * A decision (a request, an approval or rejection, an update, scale, retry
   * or deletion someone asked for, an expiry): kept for good, whatever the
   * retention of other events.
   */
  decision: boolean;
  createdAt: string;
}

/** What is recorded as a new event. */
export type NewClusterEvent = Omit<
  ClusterEvent,
  'id' | 'createdAt' | 'decision'
> & { decision?: boolean };

/** A page of a cluster's history, newest last; `before` continues with older events. */
export interface ClusterEventPage {
  events: ClusterEvent[];
  /** Cursor for the next older page; absent when this page reaches the first event. */
  before?: string;
}

/** What a consumer asked for: the fields of a record that the request sets. */
export type NewClusterRequest = Pick<
  ClusterRecord,
  | 'name'
  | 'templateRef'
  | 'templateVersion'
  | 'parameters'
  | 'spec'
  | 'requestedBy'
  | 'ownerRef'
  | 'azure'
  | 'principals'
> & {
  /** AwaitingApproval for templates that require approval; Pending (the default) otherwise. */
  phase?: 'AwaitingApproval' | 'Pending';
  /** From the template's time to live. */
  expiresAt?: string;
};

/** Which clusters {@link ClusterStore.listClusters} returns; every condition given must hold. */
export interface ClusterFilter {
  ownerRefs?: string[];
  phases?: ClusterPhase[];
  templateRef?: string;
  subscriptionId?: string;
  /** Only clusters with a time to live. */
  expiring?: boolean;
}

/** Which page of clusters {@link ClusterStore.listClusterPage} returns; every condition given must hold. */
export interface ClusterPageQuery {
  ownerRefs?: string[];
  templateRef?: string;
  phases?: ClusterPhase[];
  /** Only clusters changed at or after this time (ISO 8601), Deleted ones included. */
  changedSince?: string;
  /** At most this many. */
  limit: number;
  /** Where the previous page ended, as it said. */
  cursor?: string;
}

/** A change of what a resting cluster should be, which the engine then makes so. */
export interface ClusterChange {
  activity: Exclude<ClusterActivity, 'create' | 'delete'>;
  /**
   * The phase the engine resumes at: ResourceGroup or ManagedCluster re-apply
   * the infrastructure and then every component; Policies only the components.
   */
  phase: 'ResourceGroup' | 'ManagedCluster' | 'Policies';
  spec?: ClusterTemplateSpec;
  parameters?: Record<string, unknown>;
  templateVersion?: string;
  rolloutId?: string | null;
  statusMessage: string;
}

/** A rollout as the store keeps it. */
export type RolloutRecord = Omit<Rollout, 'clusters'> & {
  /** Clusters (by id) in rollout order, with their template, environment and outcome. */
  clusters: Rollout['clusters'];
  /** The index in `clusters` of the first not yet done. */
  position: number;
};

/** A rollout to record: its first template is also its `templateRef` and `toVersion`. */
export type NewRollout = Omit<
  RolloutRecord,
  'id' | 'createdAt' | 'updatedAt' | 'position' | 'templateRef' | 'toVersion'
>;

/** What the engine changes on a cluster as it works. */
export type ClusterPatch = Partial<
  Pick<
    ClusterRecord,
    | 'phase'
    | 'statusMessage'
    | 'operationState'
    | 'attempts'
    | 'operationFailures'
    | 'failedPhase'
    | 'activity'
    | 'ownerRef'
    | 'principals'
  >
> & {
  rolloutId?: string | null;
  fqdn?: string;
  /** PEM of the API server's CA certificate. */
  certificateAuthority?: string;
};

/** Where one policy or application of a cluster stands. */
export interface ComponentStatus {
  key: string;
  state: ComponentState;
  message?: string;
  /** Hash of the Azure call that installed it: a plan with another call re-applies it. */
  appliedHash?: string;
  /** That call (JSON), so that a component the plan no longer has can be removed. */
  call?: string;
  updatedAt: string;
}

/** What the engine records about one component as it works. */
export interface ComponentUpdate {
  state: ComponentState;
  message?: string;
  /** Set when it is installed; kept otherwise. */
  appliedHash?: string;
  /** Installed once, but no longer so in Azure (drift): forget the applied call, so that it is applied again. */
  reapply?: boolean;
  call?: string;
}

/** The engine's store of cluster requests and their events. */
export interface ClusterStore {
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
   * installed stays installed; Azure writes are idempotent); false if it was not Failed.
   */
  retryCluster(id: string): Promise<boolean>;
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
   * This store for the engine replica `workerId`: each write for a cluster
   * (its row, events, components) happens only while that replica holds the
   * cluster's lease, and otherwise throws LeaseLostError, writing nothing.
   */
  leasedBy(workerId: string): ClusterStore;
  /** The leases replicas took, oldest first (of one cluster, when given). */
  listLeases(clusterId?: string): Promise<LeaseRecord[]>;
}
