import type { Knex } from 'knex';
import { RESTING_PHASES } from '@complete-clusters/plugin-complete-clusters-common';
import { ClusterRow, iso, toRecord } from './clusterRows';
import { DatabaseClusterComponents } from './DatabaseClusterComponents';
import { DatabaseClusterEvents } from './DatabaseClusterEvents';
import { DatabaseClusterRequests } from './DatabaseClusterRequests';
import type { ClusterStepStore, WorkQueueStore } from './stores';
import type { LeaseRecord } from './types';

/** The knex implementation of {@link WorkQueueStore}, on SQLite or PostgreSQL. */
export class DatabaseWorkQueue implements WorkQueueStore {
  constructor(private readonly db: Knex) {}

  leasedBy(workerId: string): ClusterStepStore {
    // The same writes as the API's, each fenced by the lease of `workerId`.
    const requests = new DatabaseClusterRequests(this.db, workerId);
    const components = new DatabaseClusterComponents(this.db, workerId);
    const events = new DatabaseClusterEvents(this.db, workerId);
    return {
      updateCluster: (...a) => requests.updateCluster(...a),
      setPrincipals: (...a) => requests.setPrincipals(...a),
      listComponents: (...a) => components.listComponents(...a),
      setComponent: (...a) => components.setComponent(...a),
      removeComponent: (...a) => components.removeComponent(...a),
      clearComponents: (...a) => components.clearComponents(...a),
      appendEvent: (...a) => events.appendEvent(...a),
    };
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
