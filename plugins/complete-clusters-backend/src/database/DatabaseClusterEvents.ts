import type { Knex } from 'knex';
import { eventRow, toEvent } from './clusterRows';
import { databaseTime, writeForCluster } from './clusterWrite';
import type { ClusterEventStore } from './stores';
import type { ClusterEvent, ClusterEventPage, NewClusterEvent } from './types';

/** The knex implementation of {@link ClusterEventStore}, on SQLite or PostgreSQL. */
export class DatabaseClusterEvents implements ClusterEventStore {
  /**
   * @param fence - the engine replica whose lease each write for a cluster
   *   needs (see `WorkQueueStore.leasedBy`); none for the API's store.
   */
  constructor(private readonly db: Knex, private readonly fence?: string) {}

  async appendEvent(event: NewClusterEvent) {
    if (this.fence)
      await writeForCluster(
        this.db,
        this.fence,
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
          .where('created_at', '<', databaseTime(this.db, olderThan))
          .limit(1000)
          .select('id')
      ).map(r => r.id);
      if (ids.length === 0) return removed;
      removed += await this.db('cluster_events').whereIn('id', ids).delete();
    }
  }
}
