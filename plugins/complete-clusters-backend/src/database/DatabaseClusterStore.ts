import { randomUUID } from 'crypto';
import { resolvePackagePath, DatabaseService } from '@backstage/backend-plugin-api';
import { ConflictError } from '@backstage/errors';
import type { Knex } from 'knex';
import type { ComponentState } from '@internal/plugin-complete-clusters-common';
import type {
  ClusterEvent,
  ClusterPatch,
  ClusterRecord,
  ClusterStore,
  ComponentStatus,
  ComponentUpdate,
  NewClusterRequest,
} from './types';

const migrationsDir = resolvePackagePath('@internal/plugin-complete-clusters-backend', 'migrations');

type ClusterRow = {
  id: string;
  name: string;
  template_ref: string;
  template_version: string;
  parameters: string;
  spec: string;
  requested_by: string;
  owner_ref: string;
  phase: ClusterRecord['phase'];
  status_message: string | null;
  subscription_id: string;
  resource_group: string;
  resource_id: string;
  location: string;
  fqdn: string | null;
  operation_state: string | null;
  attempts: number;
  principals: string | null;
  failed_phase: ClusterRecord['phase'] | null;
  lease_owner: string | null;
  lease_expires_at: Date | string | null;
  created_at: Date | string;
  updated_at: Date | string;
};

const iso = (value: Date | string) => new Date(value).toISOString();

function toRecord(row: ClusterRow): ClusterRecord {
  return {
    id: row.id,
    name: row.name,
    templateRef: row.template_ref,
    templateVersion: row.template_version,
    parameters: JSON.parse(row.parameters),
    spec: JSON.parse(row.spec),
    requestedBy: row.requested_by,
    ownerRef: row.owner_ref,
    phase: row.phase,
    statusMessage: row.status_message ?? undefined,
    azure: {
      subscriptionId: row.subscription_id,
      resourceGroup: row.resource_group,
      resourceId: row.resource_id,
      location: row.location,
      ...(row.fqdn ? { fqdn: row.fqdn } : {}),
    },
    operationState: row.operation_state ?? undefined,
    attempts: Number(row.attempts),
    principals: row.principals ? JSON.parse(row.principals) : {},
    ...(row.failed_phase ? { failedPhase: row.failed_phase } : {}),
    createdAt: iso(row.created_at),
    updatedAt: iso(row.updated_at),
  };
}

/** The refusal of a cluster name someone else already uses, naming who. */
export function nameTakenError(name: string, usedBy: string): ConflictError {
  return new ConflictError(`The cluster name ${name} is already used by ${usedBy}; choose another name.`);
}

/** The knex implementation of {@link ClusterStore}, on SQLite or PostgreSQL. */
export class DatabaseClusterStore implements ClusterStore {
  static async create(options: { database: DatabaseService; skipMigrations?: boolean }): Promise<DatabaseClusterStore> {
    const knex = await options.database.getClient();
    if (!options.database.migrations?.skip && !options.skipMigrations) {
      await knex.migrate.latest({ directory: migrationsDir });
    }
    return new DatabaseClusterStore(knex);
  }

  private constructor(private readonly db: Knex) {}

  async requestCluster(request: NewClusterRequest) {
    const existing = await this.getCluster(request.name);
    if (existing) return { cluster: this.sameOrConflict(existing, request), created: false };
    const row = {
      id: randomUUID(),
      name: request.name,
      template_ref: request.templateRef,
      template_version: request.templateVersion,
      parameters: JSON.stringify(request.parameters),
      spec: JSON.stringify(request.spec),
      requested_by: request.requestedBy,
      owner_ref: request.ownerRef,
      phase: 'Pending',
      subscription_id: request.azure.subscriptionId,
      resource_group: request.azure.resourceGroup,
      resource_id: request.azure.resourceId,
      location: request.azure.location,
      principals: JSON.stringify(request.principals),
    };
    // The unique name decides between two simultaneous first requests.
    const inserted = await this.db('cluster_requests').insert(row).onConflict('name').ignore().returning('id');
    const cluster = (await this.getCluster(request.name))!;
    const created = inserted.length > 0 && cluster.id === row.id;
    return { cluster: created ? cluster : this.sameOrConflict(cluster, request), created };
  }

  private sameOrConflict(existing: ClusterRecord, request: NewClusterRequest): ClusterRecord {
    if (existing.requestedBy !== request.requestedBy) {
      throw nameTakenError(request.name, existing.requestedBy);
    }
    if (existing.templateRef !== request.templateRef) {
      throw new ConflictError(
        `You already have a cluster named ${request.name} from ${existing.templateRef}; choose another name for a cluster from ${request.templateRef}.`,
      );
    }
    return existing;
  }

  async getCluster(name: string) {
    const row = await this.db<ClusterRow>('cluster_requests').where({ name }).first();
    return row ? toRecord(row) : undefined;
  }

  async listClusters(filter?: { ownerRefs?: string[] }) {
    let query = this.db<ClusterRow>('cluster_requests').orderBy('created_at', 'desc').orderBy('name');
    if (filter?.ownerRefs) query = query.whereIn('owner_ref', filter.ownerRefs);
    return (await query).map(toRecord);
  }

  async updateCluster(id: string, patch: ClusterPatch) {
    const row: Record<string, unknown> = { updated_at: this.db.fn.now() };
    if (patch.phase !== undefined) row.phase = patch.phase;
    if ('statusMessage' in patch) row.status_message = patch.statusMessage ?? null;
    if ('operationState' in patch) row.operation_state = patch.operationState ?? null;
    if (patch.attempts !== undefined) row.attempts = patch.attempts;
    if ('failedPhase' in patch) row.failed_phase = patch.failedPhase ?? null;
    if (patch.fqdn !== undefined) row.fqdn = patch.fqdn;
    await this.db('cluster_requests').where({ id }).update(row);
  }

  async retryCluster(id: string) {
    const changed = await this.db('cluster_requests').where({ id, phase: 'Failed' }).update({
      // Resume where it failed; a cluster recorded before failed_phase existed starts again.
      phase: this.db.raw("coalesce(failed_phase, 'Pending')"),
      failed_phase: null,
      status_message: null,
      operation_state: null,
      attempts: 0,
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
    const rows = await this.db('cluster_components').where({ cluster_id: clusterId }).orderBy('component_key');
    return rows.map(r => ({
      key: r.component_key,
      state: r.state as ComponentState,
      ...(r.message ? { message: r.message } : {}),
      ...(r.applied_hash ? { appliedHash: r.applied_hash } : {}),
      ...(r.call ? { call: r.call } : {}),
      updatedAt: iso(r.updated_at),
    }));
  }

  async setComponent(clusterId: string, key: string, status: ComponentUpdate) {
    const changes: Record<string, unknown> = { state: status.state, message: status.message ?? null };
    if (status.appliedHash !== undefined) changes.applied_hash = status.appliedHash;
    if (status.call !== undefined) changes.call = status.call;
    await this.db('cluster_components')
      .insert({ cluster_id: clusterId, component_key: key, ...changes })
      .onConflict(['cluster_id', 'component_key'])
      .merge({ ...changes, updated_at: this.db.fn.now() });
  }

  async removeComponent(clusterId: string, key: string) {
    await this.db('cluster_components').where({ cluster_id: clusterId, component_key: key }).delete();
  }

  async appendEvent(event: Omit<ClusterEvent, 'id' | 'createdAt'>) {
    await this.db('cluster_events').insert({
      cluster_id: event.clusterId,
      phase: event.phase,
      level: event.level,
      message: event.message,
    });
  }

  async listEvents(clusterId: string): Promise<ClusterEvent[]> {
    const rows = await this.db('cluster_events').where({ cluster_id: clusterId }).orderBy('id');
    return rows.map(r => ({
      id: Number(r.id),
      clusterId: r.cluster_id,
      phase: r.phase,
      level: r.level,
      message: r.message,
      createdAt: iso(r.created_at),
    }));
  }

  async claimWork(workerId: string, leaseMs: number) {
    const now = new Date();
    const candidates = await this.db<ClusterRow>('cluster_requests')
      .whereNotIn('phase', ['Ready', 'Failed'])
      .andWhere(q => q.whereNull('lease_expires_at').orWhere('lease_expires_at', '<', now))
      .orderBy('lease_expires_at', 'asc', 'first')
      .orderBy('created_at')
      .limit(10);
    for (const candidate of candidates) {
      // Compare-and-set on the lease we saw: of several replicas, exactly one wins.
      const taken = await this.db('cluster_requests')
        .where({ id: candidate.id })
        .andWhere(q =>
          candidate.lease_expires_at === null
            ? q.whereNull('lease_expires_at')
            : q.where('lease_expires_at', candidate.lease_expires_at as Date),
        )
        .update({ lease_owner: workerId, lease_expires_at: new Date(now.getTime() + leaseMs) });
      if (taken === 1) return toRecord({ ...candidate, lease_owner: workerId });
    }
    return undefined;
  }

  async releaseLease(id: string, workerId: string, delayMs = 0) {
    await this.db('cluster_requests')
      .where({ id, lease_owner: workerId })
      .update({ lease_owner: null, lease_expires_at: delayMs > 0 ? new Date(Date.now() + delayMs) : null });
  }
}
