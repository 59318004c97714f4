import type { AzureCall } from '../plan/types';
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
import type {
  ClusterCheckStore,
  ClusterComponentStore,
  ClusterEventStore,
  ClusterRequestStore,
  RolloutStore,
  WorkQueueStore,
} from './stores';

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

/** Which clusters {@link ClusterRequestStore.listClusters} returns; every condition given must hold. */
export interface ClusterFilter {
  ownerRefs?: string[];
  phases?: ClusterPhase[];
  templateRef?: string;
  subscriptionId?: string;
  /** Only clusters with a time to live. */
  expiring?: boolean;
}

/** Which page of clusters {@link ClusterRequestStore.listClusterPage} returns; every condition given must hold. */
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
  /** That call, so that a component the plan no longer has can be removed. */
  call?: AzureCall;
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
  call?: AzureCall;
}

/**
 * Every store of the engine and the API, composed: the wiring makes one and
 * gives each service, job and the engine the concerns it uses.
 */
export interface ClusterStore
  extends ClusterRequestStore,
    ClusterComponentStore,
    ClusterEventStore,
    RolloutStore,
    ClusterCheckStore,
    WorkQueueStore {}
