import { randomUUID } from 'crypto';
import { ConflictError } from '@backstage/errors';
import type { Knex } from 'knex';
import { FINAL_PHASES } from '@complete-clusters/plugin-complete-clusters-common';
import type {
  ClusterDecision,
  ClusterPhase,
} from '@complete-clusters/plugin-complete-clusters-common';
import { isFinished } from './isFinished';
import {
  serialiseOperationFailures,
  serialiseOperationState,
} from './operationState';
import { ClusterRow, eventRow, toRecord } from './clusterRows';
import { readCursor, writeCursor } from './clusterPageCursor';
import { databaseTime, isSqlite, writeForCluster } from './clusterWrite';
import type { ClusterRequestStore } from './stores';
import type {
  ClusterChange,
  ClusterFilter,
  ClusterPageQuery,
  ClusterPatch,
  ClusterRecord,
  NewClusterEvent,
  NewClusterRequest,
  NewDeletionRequest,
  OwnershipChange,
  Principals,
} from './types';

/** The refusal of a cluster name someone else already uses, naming who. */
export function nameTakenError(name: string, usedBy: string): ConflictError {
  return new ConflictError(
    `The cluster name ${name} is already used by ${usedBy}; choose another name.`,
  );
}

/** The row of a newly requested cluster. */
function newClusterRow(id: string, request: NewClusterRequest) {
  return {
    id,
    name: request.name,
    template_ref: request.templateRef,
    template_version: request.templateVersion,
    environment: request.spec.environment,
    parameters: JSON.stringify(request.parameters),
    spec: JSON.stringify(request.spec),
    requested_by: request.requestedBy,
    owner_ref: request.ownerRef,
    phase: request.phase ?? 'Pending',
    activity: 'create',
    expires_at: request.expiresAt ? new Date(request.expiresAt) : null,
    subscription_id: request.azure.subscriptionId,
    resource_group: request.azure.resourceGroup,
    resource_id: request.azure.resourceId,
    location: request.azure.location,
    principals: JSON.stringify(request.principals),
  };
}

/** The knex implementation of {@link ClusterRequestStore}, on SQLite or PostgreSQL. */
export class DatabaseClusterRequests implements ClusterRequestStore {
  /**
   * @param fence - the engine replica whose lease each write for a cluster
   *   needs (see `WorkQueueStore.leasedBy`); none for the API's store.
   */
  constructor(private readonly db: Knex, private readonly fence?: string) {}

  async requestCluster(request: NewClusterRequest) {
    const existing = await this.liveCluster(request.name);
    if (existing)
      return {
        cluster: this.sameOrConflict(existing, request),
        created: false,
      };
    // A finished (Deleted or Rejected) cluster of this name keeps its record; this is a new cluster.
    const row = newClusterRow(randomUUID(), request);
    try {
      await this.db('cluster_requests').insert(row);
    } catch (e) {
      // The unique index on live names decides between two simultaneous first requests.
      const winner = await this.liveCluster(request.name);
      if (!winner) throw e;
      return { cluster: this.sameOrConflict(winner, request), created: false };
    }
    return { cluster: (await this.getClusterById(row.id))!, created: true };
  }

  /**
   * The cluster that holds this name: neither Deleted nor Rejected, nor
   * replaced by a rebuild, if any (at most one).
   */
  private async liveCluster(name: string): Promise<ClusterRecord | undefined> {
    const row = await this.db<ClusterRow>('cluster_requests')
      .where({ name })
      .whereNotIn('phase', [...FINAL_PHASES])
      .whereNull('rebuilt_to')
      .first();
    return row ? toRecord(row) : undefined;
  }

  private sameOrConflict(
    existing: ClusterRecord,
    request: NewClusterRequest,
  ): ClusterRecord {
    if (existing.requestedBy !== request.requestedBy) {
      throw nameTakenError(request.name, existing.requestedBy);
    }
    if (existing.templateRef !== request.templateRef) {
      throw new ConflictError(
        `You already have a cluster named ${request.name} from ${existing.templateRef}; choose another name for a cluster from ${request.templateRef}.`,
      );
    }
    if (existing.ownerRef !== request.ownerRef) {
      throw new ConflictError(
        `You already have a cluster named ${request.name}, owned by ${existing.ownerRef}; choose another name for a cluster owned by ${request.ownerRef}.`,
      );
    }
    return existing;
  }

  async getCluster(name: string) {
    return (
      (await this.liveCluster(name)) ?? (await this.listClustersNamed(name))[0]
    );
  }

  async getClusterById(id: string) {
    const row = await this.db<ClusterRow>('cluster_requests')
      .where({ id })
      .first();
    return row ? toRecord(row) : undefined;
  }

  async listClustersNamed(name: string) {
    const rows = await this.db<ClusterRow>('cluster_requests').where({ name });
    // The one holding the name first, then one a rebuild replaced, then the finished ones newest first
    // (SQLite keeps whole seconds: ties go by last change).
    const rank = (c: ClusterRecord) => [
      (isFinished(c) ? 2 : 0) || (c.rebuiltTo ? 1 : 0),
      -Date.parse(c.createdAt),
      -Date.parse(c.updatedAt),
    ];
    return rows.map(toRecord).sort((a, b) => {
      const [x, y] = [rank(a), rank(b)];
      return x[0] - y[0] || x[1] - y[1] || x[2] - y[2];
    });
  }

  async listClusters(filter: ClusterFilter = {}) {
    let query = this.db<ClusterRow>('cluster_requests')
      .orderBy('created_at', 'desc')
      .orderBy('name');
    if (filter.ownerRefs) query = query.whereIn('owner_ref', filter.ownerRefs);
    if (filter.phases) query = query.whereIn('phase', filter.phases);
    else query = query.whereNot('phase', 'Deleted');
    if (filter.templateRef)
      query = query.where('template_ref', filter.templateRef);
    if (filter.subscriptionId)
      query = query.where('subscription_id', filter.subscriptionId);
    if (filter.expiring) query = query.whereNotNull('expires_at');
    return (await query).map(toRecord);
  }

  async listClusterPage(query: ClusterPageQuery) {
    // Newest first, then by name and id: a total order, so a page ends at one row and the next starts after it.
    // The creation time exactly as stored (PostgreSQL keeps microseconds, which a Date would round).
    const at = isSqlite(this.db)
      ? 'created_at'
      : `to_char(created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;
    const rows = this.db<ClusterRow>('cluster_requests')
      .select('*', this.db.raw(`${at} as page_at`))
      .orderBy('created_at', 'desc')
      .orderBy('name')
      .orderBy('id')
      .limit(query.limit + 1);
    // A cluster replaced by a rebuild is shown through the one that holds its name now.
    rows.whereNull('rebuilt_to');
    if (query.ownerRefs) rows.whereIn('owner_ref', query.ownerRefs);
    if (query.templateRef) rows.where('template_ref', query.templateRef);
    if (query.phases) rows.whereIn('phase', query.phases);
    else if (!query.changedSince) rows.whereNot('phase', 'Deleted');
    if (query.changedSince)
      rows.where(
        'updated_at',
        '>=',
        databaseTime(this.db, new Date(query.changedSince)),
      );
    if (query.cursor) {
      const [createdAt, name, id] = readCursor(query.cursor, isSqlite(this.db));
      rows.where(w =>
        w
          .where('created_at', '<', createdAt)
          .orWhere(same =>
            same
              .where('created_at', createdAt)
              .where(next =>
                next
                  .where('name', '>', name)
                  .orWhere(tie => tie.where('name', name).where('id', '>', id)),
              ),
          ),
      );
    }
    const found = await rows;
    const page = found.slice(0, query.limit);
    const last = page[page.length - 1] as
      | (ClusterRow & { page_at: unknown })
      | undefined;
    return {
      records: page.map(toRecord),
      ...(found.length > query.limit && last
        ? { nextCursor: writeCursor(String(last.page_at), last.name, last.id) }
        : {}),
    };
  }

  async updateCluster(
    id: string,
    patch: ClusterPatch,
    event?: NewClusterEvent | NewClusterEvent[],
  ) {
    const row: Record<string, unknown> = { updated_at: this.db.fn.now() };
    if (patch.phase !== undefined) row.phase = patch.phase;
    if ('statusMessage' in patch)
      row.status_message = patch.statusMessage ?? null;
    if ('operationState' in patch)
      row.operation_state = serialiseOperationState(patch.operationState);
    if (patch.attempts !== undefined) row.attempts = patch.attempts;
    if ('operationFailures' in patch)
      row.operation_failures = serialiseOperationFailures(
        patch.operationFailures,
      );
    if ('failedPhase' in patch) row.failed_phase = patch.failedPhase ?? null;
    if (patch.activity !== undefined) row.activity = patch.activity;
    if (patch.ownerRef !== undefined) row.owner_ref = patch.ownerRef;
    if (patch.principals !== undefined)
      row.principals = JSON.stringify(patch.principals);
    if ('rolloutId' in patch) row.rollout_id = patch.rolloutId ?? null;
    if (patch.fqdn !== undefined) row.fqdn = patch.fqdn;
    if (patch.certificateAuthority !== undefined)
      row.certificate_authority = patch.certificateAuthority;
    // The change and the event that tells it: both or neither.
    await writeForCluster(
      this.db,
      this.fence,
      id,
      row,
      event
        ? async trx =>
            void (await trx('cluster_events').insert(
              [event].flat().map(eventRow),
            ))
        : undefined,
    );
  }

  async retryCluster(id: string) {
    const changed = await this.db('cluster_requests')
      .where({ id, phase: 'Failed' })
      .update({
        // Resume where it failed; a cluster recorded before failed_phase existed starts again.
        phase: this.db.raw("coalesce(failed_phase, 'Pending')"),
        failed_phase: null,
        status_message: null,
        operation_state: null,
        attempts: 0,
        operation_failures: null,
        lease_owner: null,
        lease_expires_at: null,
        updated_at: this.db.fn.now(),
      });
    if (changed === 1) {
      await this.db('cluster_components')
        .where({ cluster_id: id, state: 'Failed' })
        .update({ state: 'Pending', updated_at: this.db.fn.now() });
    }
    return changed === 1;
  }

  async decide(id: string, decision: ClusterDecision) {
    const changed = await this.db('cluster_requests')
      .where({ id, phase: 'AwaitingApproval' })
      .update({
        phase: decision.decision === 'approved' ? 'Pending' : 'Rejected',
        decision: decision.decision,
        decided_by: decision.by,
        decision_reason: decision.reason,
        decided_at: new Date(decision.at),
        status_message:
          decision.decision === 'approved'
            ? `Approved by ${decision.by}: ${decision.reason}`
            : `Rejected by ${decision.by}: ${decision.reason}`,
        lease_owner: null,
        lease_expires_at: null,
        updated_at: this.db.fn.now(),
      });
    return changed === 1;
  }

  async startChange(id: string, change: ClusterChange, from: ClusterPhase[]) {
    const row: Record<string, unknown> = {
      phase: change.phase,
      activity: change.activity,
      status_message: change.statusMessage,
      operation_state: null,
      attempts: 0,
      operation_failures: null,
      failed_phase: null,
      lease_owner: null,
      lease_expires_at: null,
      updated_at: this.db.fn.now(),
    };
    if (change.spec) {
      row.spec = JSON.stringify(change.spec);
      row.environment = change.spec.environment;
    }
    if (change.parameters) row.parameters = JSON.stringify(change.parameters);
    if (change.templateVersion) row.template_version = change.templateVersion;
    if (change.rolloutId !== undefined) row.rollout_id = change.rolloutId;
    // Only from a resting phase that no replica works on, and never over a pending deletion.
    const changed = await this.db('cluster_requests')
      .where({ id })
      .whereIn('phase', from)
      .whereNull('deletion_requested_at')
      .update(row);
    return changed === 1;
  }

  async rebuildCluster(
    fromId: string,
    request: NewClusterRequest & { id: string },
    events: { from: NewClusterEvent; to: NewClusterEvent },
    fromStatus: string,
  ) {
    await this.db.transaction(async trx => {
      // The old cluster lets go of its name first, once: a second rebuild of it finds rebuilt_to set.
      const released = await trx('cluster_requests')
        .where({ id: fromId })
        .whereNotIn('phase', [...FINAL_PHASES])
        .whereNull('rebuilt_to')
        .whereNull('deletion_requested_at')
        .update({
          rebuilt_to: request.id,
          status_message: fromStatus,
          updated_at: trx.fn.now(),
        });
      if (released !== 1)
        throw new ConflictError(
          `Cluster ${request.name} was rebuilt, deleted or asked to be deleted just now; reload it.`,
        );
      await trx('cluster_requests').insert({
        ...newClusterRow(request.id, request),
        rebuilt_from: fromId,
      });
      await trx('cluster_events').insert([
        eventRow(events.from),
        eventRow(events.to),
      ]);
    });
    return (await this.getClusterById(request.id))!;
  }

  async requestDeletion(id: string, request: NewDeletionRequest) {
    const changed = await this.db('cluster_requests')
      .where({ id })
      .whereNotIn('phase', ['Deleted'])
      .whereNull('deletion_requested_at')
      .update({
        deletion_cause: request.cause,
        deletion_requested_by: request.cause === 'user' ? request.by : null,
        deletion_requested_at: new Date(),
        // Due at once, unless a replica holds it now (it finishes its step; the deletion is the next).
        lease_expires_at: this.db.raw(
          'CASE WHEN lease_owner IS NULL THEN NULL ELSE lease_expires_at END',
        ),
        updated_at: this.db.fn.now(),
      });
    return changed === 1;
  }

  async transferOwnership(
    id: string,
    change: OwnershipChange,
    event: NewClusterEvent,
  ) {
    return this.db.transaction(async trx => {
      // The conditions the caller checked, checked again in the write: a rebuild or a deletion that
      // lands in between keeps its owner (the rebuild copied it), and the transfer is refused.
      const changed = await trx('cluster_requests')
        .where({ id, owner_ref: change.from })
        .whereIn('phase', change.phases)
        .whereNull('rebuilt_to')
        .whereNull('deletion_requested_at')
        .update({
          owner_ref: change.to,
          principals: JSON.stringify(change.principals),
          updated_at: this.db.fn.now(),
        });
      if (changed !== 1) return false;
      await trx('cluster_events').insert(eventRow(event));
      return true;
    });
  }

  async setPrincipals(id: string, principals: Principals) {
    await writeForCluster(this.db, this.fence, id, {
      principals: JSON.stringify(principals),
    });
  }
}
