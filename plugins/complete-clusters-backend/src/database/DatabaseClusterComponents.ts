import type { Knex } from 'knex';
import type { ComponentState } from '@complete-clusters/plugin-complete-clusters-common';
import { eventRow, iso } from './clusterRows';
import { writeForCluster } from './clusterWrite';
import { parseRecordedCall, serialiseRecordedCall } from './recordedCall';
import type { ClusterComponentStore } from './stores';
import type {
  ComponentStatus,
  ComponentUpdate,
  NewClusterEvent,
} from './types';

/** The knex implementation of {@link ClusterComponentStore}, on SQLite or PostgreSQL. */
export class DatabaseClusterComponents implements ClusterComponentStore {
  /**
   * @param fence - the engine replica whose lease each write for a cluster
   *   needs (see `WorkQueueStore.leasedBy`); none for the API's store.
   */
  constructor(private readonly db: Knex, private readonly fence?: string) {}

  async listComponents(clusterId: string): Promise<ComponentStatus[]> {
    const rows = await this.db('cluster_components')
      .where({ cluster_id: clusterId })
      .orderBy('component_key');
    return rows.map(r => {
      const call = parseRecordedCall(r.call);
      return {
        key: r.component_key,
        state: r.state as ComponentState,
        ...(r.message ? { message: r.message } : {}),
        ...(r.applied_hash ? { appliedHash: r.applied_hash } : {}),
        ...(call ? { call } : {}),
        updatedAt: iso(r.updated_at),
      };
    });
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
    if (status.call !== undefined)
      changes.call = serialiseRecordedCall(status.call);
    const told = event
      ? { status_message: event.message, updated_at: this.db.fn.now() }
      : undefined;
    await writeForCluster(this.db, this.fence, clusterId, told, async trx => {
      await trx('cluster_components')
        .insert({ cluster_id: clusterId, component_key: key, ...changes })
        .onConflict(['cluster_id', 'component_key'])
        .merge({ ...changes, updated_at: this.db.fn.now() });
      if (event) await trx('cluster_events').insert(eventRow(event));
    });
  }

  async removeComponent(clusterId: string, key: string) {
    await writeForCluster(
      this.db,
      this.fence,
      clusterId,
      undefined,
      async trx =>
        void (await trx('cluster_components')
          .where({ cluster_id: clusterId, component_key: key })
          .delete()),
    );
  }

  async clearComponents(clusterId: string) {
    await writeForCluster(
      this.db,
      this.fence,
      clusterId,
      undefined,
      async trx =>
        void (await trx('cluster_components')
          .where({ cluster_id: clusterId })
          .delete()),
    );
  }
}
