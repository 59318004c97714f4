import type { Knex } from 'knex';
import type { DriftItem } from '@complete-clusters/plugin-complete-clusters-common';
import type { ClusterCheckStore } from './stores';

/** The knex implementation of {@link ClusterCheckStore}, on SQLite or PostgreSQL. */
export class DatabaseClusterChecks implements ClusterCheckStore {
  constructor(private readonly db: Knex) {}

  async setDrift(id: string, drift: { checkedAt: string; items: DriftItem[] }) {
    await this.db('cluster_requests')
      .where({ id })
      .update({
        drift: JSON.stringify(drift.items),
        drift_checked_at: new Date(drift.checkedAt),
      });
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
}
