import { randomUUID } from 'crypto';
import {
  resolvePackagePath,
  DatabaseService,
} from '@backstage/backend-plugin-api';
import { ConflictError, InputError } from '@backstage/errors';
import type { Knex } from 'knex';
import {
  FINAL_PHASES,
  RESTING_PHASES,
} from '@complete-clusters/plugin-complete-clusters-common';
import type {
  ClusterDecision,
  ClusterPhase,
  ComponentState,
  DriftItem,
} from '@complete-clusters/plugin-complete-clusters-common';
import { isFinished } from './isFinished';
import { isRealUtcTime } from './realUtcTime';
import { LeaseLostError } from './LeaseLostError';
import {
  serialiseOperationFailures,
  serialiseOperationState,
} from './operationState';
import {
  ClusterRow,
  eventRow,
  iso,
  RolloutRow,
  RolloutTemplateRow,
  toEvent,
  toRecord,
  toRollout,
} from './clusterRows';
import type {
  ClusterChange,
  ClusterFilter,
  ClusterPageQuery,
  ClusterEvent,
  ClusterEventPage,
  ClusterPatch,
  LeaseRecord,
  NewClusterEvent,
  NewDeletionRequest,
  OwnershipChange,
  ClusterRecord,
  ClusterStore,
  ComponentStatus,
  ComponentUpdate,
  NewClusterRequest,
  NewRollout,
  Principals,
  RolloutRecord,
} from './types';

const migrationsDir = resolvePackagePath(
  '@complete-clusters/plugin-complete-clusters-backend',
  'migrations',
);

/** The refusal of a cluster name someone else already uses, naming who. */
export function nameTakenError(name: string, usedBy: string): ConflictError {
  return new ConflictError(
    `The cluster name ${name} is already used by ${usedBy}; choose another name.`,
  );
}

/** Where a page of clusters ended: the exact creation time as the database holds it, the name and the id. */
function writeCursor(createdAt: string, name: string, id: string): string {
  return Buffer.from(JSON.stringify([createdAt, name, id])).toString(
    'base64url',
  );
}

/**
 * The creation time of a cursor exactly as {@link DatabaseClusterStore.listClusterPage}
 * writes it: PostgreSQL's UTC with microseconds, SQLite's CURRENT_TIMESTAMP text.
 */
const CURSOR_TIME = {
  postgres: /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})\.\d{6}Z$/,
  sqlite: /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})$/,
};

/** Whether `at` is a creation time this store writes into cursors: the shape and a real date from 1970 to 9999. */
function isCursorTime(at: string, sqlite: boolean): boolean {
  const parts = CURSOR_TIME[sqlite ? 'sqlite' : 'postgres'].exec(at);
  if (!parts) return false;
  const [year, month, day, hour, minute, second] = parts.slice(1).map(Number);
  if (year < 1970 || year > 9999) return false;
  return isRealUtcTime(year, month, day, hour, minute, second);
}

/**
 * Reads a cursor {@link writeCursor} made. Anything else is an InputError (a
 * 400, not the database's own refusal of a time that is none, a 500).
 */
function readCursor(cursor: string, sqlite: boolean): [string, string, string] {
  try {
    const value = JSON.parse(Buffer.from(cursor, 'base64url').toString());
    if (
      Array.isArray(value) &&
      value.length === 3 &&
      value.every(v => typeof v === 'string') &&
      isCursorTime(value[0], sqlite)
    )
      return value as [string, string, string];
  } catch {
    // not one of ours: refused below
  }
  throw new InputError(
    'cursor: not a cursor a page of clusters returned. Fix: pass nextCursor from the previous page as it is, or leave cursor out for the first page.',
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

/** The knex implementation of {@link ClusterStore}, on SQLite or PostgreSQL. */
export class DatabaseClusterStore implements ClusterStore {
  static async create(options: {
    database: DatabaseService;
    skipMigrations?: boolean;
  }): Promise<DatabaseClusterStore> {
    const knex = await options.database.getClient();
    if (!options.database.migrations?.skip && !options.skipMigrations) {
      await knex.migrate.latest({ directory: migrationsDir });
    }
    return new DatabaseClusterStore(knex);
  }

  /**
   * @param fence the replica whose lease every write for a cluster needs, for
   *   the engine's store (see {@link DatabaseClusterStore.leasedBy}); none for the API's.
   */
  private constructor(
    private readonly db: Knex,
    private readonly fence?: string,
  ) {}

  leasedBy(workerId: string): ClusterStore {
    return new DatabaseClusterStore(this.db, workerId);
  }

  /**
   * Runs `write` in one transaction after `change` (at least a touch) of the
   * cluster's row. With a fence, the row changes only while the fence holds
   * the cluster's lease: otherwise nothing is written and LeaseLostError is
   * thrown. On PostgreSQL the row stays locked until the transaction ends, so
   * no replica takes the lease over in between.
   */
  private async write(
    clusterId: string,
    change: Record<string, unknown> | undefined,
    write?: (trx: Knex.Transaction) => Promise<void>,
  ) {
    await this.db.transaction(async trx => {
      let query = trx('cluster_requests').where({ id: clusterId });
      if (this.fence)
        query = query
          .where('lease_owner', this.fence)
          .where('lease_expires_at', '>', new Date());
      const changed = await query.update(change ?? { id: clusterId });
      if (changed !== 1 && this.fence)
        throw new LeaseLostError(clusterId, this.fence);
      if (write) await write(trx);
    });
  }

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
    const at = this.isSqlite
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
        this.timestamp(new Date(query.changedSince)),
      );
    if (query.cursor) {
      const [createdAt, name, id] = readCursor(query.cursor, this.isSqlite);
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
    await this.write(
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

  async listComponents(clusterId: string): Promise<ComponentStatus[]> {
    const rows = await this.db('cluster_components')
      .where({ cluster_id: clusterId })
      .orderBy('component_key');
    return rows.map(r => ({
      key: r.component_key,
      state: r.state as ComponentState,
      ...(r.message ? { message: r.message } : {}),
      ...(r.applied_hash ? { appliedHash: r.applied_hash } : {}),
      ...(r.call ? { call: r.call } : {}),
      updatedAt: iso(r.updated_at),
    }));
  }

  async setComponent(
    clusterId: string,
    key: string,
    status: ComponentUpdate,
    event?: NewClusterEvent,
  ) {
    const changes: Record<string, unknown> = {
      state: status.state,
      message: status.message ?? null,
    };
    if (status.appliedHash !== undefined)
      changes.applied_hash = status.appliedHash;
    if (status.reapply) changes.applied_hash = null;
    if (status.call !== undefined) changes.call = status.call;
    const told = event
      ? { status_message: event.message, updated_at: this.db.fn.now() }
      : undefined;
    await this.write(clusterId, told, async trx => {
      await trx('cluster_components')
        .insert({ cluster_id: clusterId, component_key: key, ...changes })
        .onConflict(['cluster_id', 'component_key'])
        .merge({ ...changes, updated_at: this.db.fn.now() });
      if (event) await trx('cluster_events').insert(eventRow(event));
    });
  }

  async removeComponent(clusterId: string, key: string) {
    await this.write(
      clusterId,
      undefined,
      async trx =>
        void (await trx('cluster_components')
          .where({ cluster_id: clusterId, component_key: key })
          .delete()),
    );
  }

  async clearComponents(clusterId: string) {
    await this.write(
      clusterId,
      undefined,
      async trx =>
        void (await trx('cluster_components')
          .where({ cluster_id: clusterId })
          .delete()),
    );
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

  async setDrift(id: string, drift: { checkedAt: string; items: DriftItem[] }) {
    await this.db('cluster_requests')
      .where({ id })
      .update({
        drift: JSON.stringify(drift.items),
        drift_checked_at: new Date(drift.checkedAt),
      });
  }

  async setPrincipals(id: string, principals: Principals) {
    await this.write(id, { principals: JSON.stringify(principals) });
  }

  async touchDriftChecks(ids: string[], checkedAt: string) {
    for (let i = 0; i < ids.length; i += 500) {
      await this.db('cluster_requests')
        .whereIn('id', ids.slice(i, i + 500))
        .update({ drift_checked_at: new Date(checkedAt) });
    }
  }

  async markGitOpsChecked(ids: string[], checkedAt: string) {
    for (let i = 0; i < ids.length; i += 500) {
      await this.db('cluster_requests')
        .whereIn('id', ids.slice(i, i + 500))
        .update({ gitops_checked_at: new Date(checkedAt) });
    }
  }

  async setExpiryWarned(id: string, at: string) {
    await this.db('cluster_requests')
      .where({ id })
      .update({ expiry_warned_at: new Date(at) });
  }

  async createRollout(rollout: NewRollout): Promise<RolloutRecord> {
    const id = randomUUID();
    const [first] = rollout.templates;
    if (!first) throw new Error('A rollout needs at least one template');
    const refs = rollout.templates.map(t => t.templateRef);
    const running = rollout.state === 'Running';
    const taken = () =>
      this.db<RolloutTemplateRow>('cluster_rollout_templates')
        .whereIn('running_ref', refs)
        .first('template_ref');
    const refuse = (ref: string) =>
      new ConflictError(
        `A rollout of ${ref} is already running; wait for it to finish or stop.`,
      );
    try {
      // The rollout and the claim on each of its templates: both or neither.
      await this.db.transaction(async trx => {
        await trx('cluster_rollouts').insert({
          id,
          template_ref: first.templateRef,
          to_version: first.toVersion,
          requested_by: rollout.requestedBy,
          state: rollout.state,
          clusters: JSON.stringify(rollout.clusters),
          position: 0,
          message: rollout.message ?? null,
        });
        await trx('cluster_rollout_templates').insert(
          rollout.templates.map((t, position) => ({
            rollout_id: id,
            template_ref: t.templateRef,
            to_version: t.toVersion,
            position,
            running_ref: running ? t.templateRef : null,
          })),
        );
      });
    } catch (e) {
      // The unique claim refused it: another running rollout (perhaps another replica's) has a template.
      const held = running ? await taken() : undefined;
      if (held) throw refuse(held.template_ref);
      throw e;
    }
    return (await this.getRollout(id))!;
  }

  private async withTemplates(rows: RolloutRow[]): Promise<RolloutRecord[]> {
    if (rows.length === 0) return [];
    const templates = await this.db<RolloutTemplateRow>(
      'cluster_rollout_templates',
    ).whereIn(
      'rollout_id',
      rows.map(r => r.id),
    );
    return rows.map(r =>
      toRollout(
        r,
        templates.filter(t => t.rollout_id === r.id),
      ),
    );
  }

  async getRollout(id: string) {
    const row = await this.db<RolloutRow>('cluster_rollouts')
      .where({ id })
      .first();
    return row ? (await this.withTemplates([row]))[0] : undefined;
  }

  async listRollouts(
    filter: { templateRef?: string; state?: RolloutRecord['state'] } = {},
  ) {
    let query = this.db<RolloutRow>('cluster_rollouts')
      .orderBy('created_at', 'desc')
      .orderBy('id');
    if (filter.templateRef)
      query = query.whereIn(
        'id',
        this.db('cluster_rollout_templates')
          .where('template_ref', filter.templateRef)
          .select('rollout_id'),
      );
    if (filter.state) query = query.where('state', filter.state);
    return this.withTemplates(await query);
  }

  async updateRollout(
    id: string,
    patch: Partial<
      Pick<RolloutRecord, 'state' | 'clusters' | 'position' | 'message'>
    >,
  ) {
    const row: Record<string, unknown> = { updated_at: this.db.fn.now() };
    if (patch.state) row.state = patch.state;
    if (patch.clusters) row.clusters = JSON.stringify(patch.clusters);
    if (patch.position !== undefined) row.position = patch.position;
    if ('message' in patch) row.message = patch.message ?? null;
    await this.db.transaction(async trx => {
      await trx('cluster_rollouts').where({ id }).update(row);
      // A rollout that ends lets go of its templates.
      if (patch.state && patch.state !== 'Running')
        await trx('cluster_rollout_templates')
          .where({ rollout_id: id })
          .update({ running_ref: null });
    });
  }

  async appendEvent(event: NewClusterEvent) {
    if (this.fence)
      await this.write(
        event.clusterId,
        undefined,
        async trx => void (await trx('cluster_events').insert(eventRow(event))),
      );
    else await this.db('cluster_events').insert(eventRow(event));
  }

  async listEvents(clusterId: string): Promise<ClusterEvent[]> {
    const rows = await this.db('cluster_events')
      .where({ cluster_id: clusterId })
      .orderBy('id');
    return rows.map(toEvent);
  }

  async listEventPage(
    clusterId: string,
    options: { limit: number; before?: string },
  ): Promise<ClusterEventPage> {
    let query = this.db('cluster_events')
      .where({ cluster_id: clusterId })
      .orderBy('id', 'desc')
      .limit(options.limit + 1);
    if (options.before !== undefined)
      query = query.where('id', '<', Number(options.before));
    const rows = await query;
    const more = rows.length > options.limit;
    const events = rows.slice(0, options.limit).reverse().map(toEvent);
    return {
      events,
      ...(more && events.length > 0 ? { before: String(events[0].id) } : {}),
    };
  }

  async pruneEvents(olderThan: Date) {
    // Who held which cluster when is worth as much as the events of that time.
    await this.db('cluster_leases')
      .where('taken_at', '<', olderThan)
      .where('expires_at', '<', olderThan)
      .delete();
    let removed = 0;
    for (;;) {
      // In batches, so that a first run on a large table holds no long lock.
      const ids = (
        await this.db('cluster_events')
          .where('decision', false)
          .where('created_at', '<', this.timestamp(olderThan))
          .limit(1000)
          .select('id')
      ).map(r => r.id);
      if (ids.length === 0) return removed;
      removed += await this.db('cluster_events').whereIn('id', ids).delete();
    }
  }

  /** A time as the database's own default timestamps hold it: SQLite's CURRENT_TIMESTAMP is UTC text. */
  private timestamp(at: Date): Date | string {
    return this.isSqlite ? at.toISOString().replace('T', ' ').slice(0, 19) : at;
  }

  private get isSqlite(): boolean {
    return String(this.db.client.config.client).includes('sqlite');
  }

  async claimWork(workerId: string, leaseMs: number) {
    // Work to do: a phase that is not resting, or a deletion someone asked for.
    const due = (q: Knex.QueryBuilder) =>
      q.where(w =>
        w
          .whereNotIn('phase', [...RESTING_PHASES])
          .orWhere(d =>
            d
              .whereNotNull('deletion_requested_at')
              .whereNot('phase', 'Deleted'),
          ),
      );
    const candidates = await this.db<ClusterRow>('cluster_requests')
      .where(due)
      .andWhere(q =>
        q
          .whereNull('lease_expires_at')
          .orWhere('lease_expires_at', '<', new Date()),
      )
      .orderBy('lease_expires_at', 'asc', 'first')
      .orderBy('created_at')
      .limit(10)
      .select('id', 'lease_expires_at');
    for (const candidate of candidates) {
      const claimed = await this.db.transaction(async trx => {
        const now = new Date();
        const expires = new Date(now.getTime() + leaseMs);
        // Compare-and-set on the lease we saw, the cluster still due: of several replicas, exactly one wins.
        const changed = await trx('cluster_requests')
          .where({ id: candidate.id })
          .where(due)
          .andWhere(q =>
            candidate.lease_expires_at === null
              ? q.whereNull('lease_expires_at')
              : q.where('lease_expires_at', candidate.lease_expires_at as Date),
          )
          .update({ lease_owner: workerId, lease_expires_at: expires });
        if (changed !== 1) return undefined;
        await trx('cluster_leases').insert({
          cluster_id: candidate.id,
          owner: workerId,
          // Held from when the update returned: on PostgreSQL it may have waited for another
          // replica's release to commit (the row's lock), so the time read before is too early.
          taken_at: new Date(),
          expires_at: expires,
        });
        // Read again under the lease: another replica may have moved the cluster on since the candidates were listed.
        return trx<ClusterRow>('cluster_requests')
          .where({ id: candidate.id })
          .first();
      });
      if (claimed) return toRecord(claimed);
    }
    return undefined;
  }

  async releaseLease(id: string, workerId: string, delayMs = 0) {
    const now = new Date();
    await this.db.transaction(async trx => {
      const changed = await trx('cluster_requests')
        .where({ id, lease_owner: workerId })
        .update({
          lease_owner: null,
          lease_expires_at:
            delayMs > 0 ? new Date(now.getTime() + delayMs) : null,
        });
      if (changed === 1) {
        await trx('cluster_leases')
          .where({ cluster_id: id, owner: workerId })
          .whereNull('released_at')
          .update({ released_at: now });
      }
    });
  }

  async listLeases(clusterId?: string): Promise<LeaseRecord[]> {
    let query = this.db('cluster_leases').orderBy('id');
    if (clusterId) query = query.where({ cluster_id: clusterId });
    return (await query).map(r => ({
      clusterId: r.cluster_id,
      owner: r.owner,
      takenAt: iso(r.taken_at),
      expiresAt: iso(r.expires_at),
      ...(r.released_at ? { releasedAt: iso(r.released_at) } : {}),
    }));
  }
}
