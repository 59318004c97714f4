import type { Knex } from 'knex';
import { LeaseLostError } from './LeaseLostError';

/**
 * Runs `write` in one transaction after `change` (at least a touch) of the
 * cluster's row. With a `fence` (the engine replica whose lease every write
 * for a cluster needs, see `WorkQueueStore.leasedBy`), the row changes only
 * while the fence holds the cluster's lease: otherwise nothing is written and
 * LeaseLostError is thrown. On PostgreSQL the row stays locked until the
 * transaction ends, so no replica takes the lease over in between.
 */
export async function writeForCluster(
  db: Knex,
  fence: string | undefined,
  clusterId: string,
  change: Record<string, unknown> | undefined,
  write?: (trx: Knex.Transaction) => Promise<void>,
): Promise<void> {
  await db.transaction(async trx => {
    let query = trx('cluster_requests').where({ id: clusterId });
    if (fence)
      query = query
        .where('lease_owner', fence)
        .where('lease_expires_at', '>', new Date());
    const changed = await query.update(change ?? { id: clusterId });
    if (changed !== 1 && fence) throw new LeaseLostError(clusterId, fence);
    if (write) await write(trx);
  });
}

/** Whether the store is on SQLite (else PostgreSQL). */
export function isSqlite(db: Knex): boolean {
  return String(db.client.config.client).includes('sqlite');
}

/** A time as the database's own default timestamps hold it: SQLite's CURRENT_TIMESTAMP is UTC text. */
export function databaseTime(db: Knex, at: Date): Date | string {
  return isSqlite(db) ? at.toISOString().replace('T', ' ').slice(0, 19) : at;
}
