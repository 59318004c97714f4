// @ts-check

/** Phases of a cluster that is finished: its name is free for a new cluster. */
const FINAL = ['Deleted', 'Rejected'];

/**
 * A cluster's identity is its id, not its name: a deleted or rejected
 * cluster keeps its row and history for good, and a new request under the
 * same name is a new row. Who decided (approved, rejected, asked for
 * deletion, or the time to live) is kept on the row and in events marked as
 * decisions, which no retention setting prunes. Rollouts name their clusters
 * by id.
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('cluster_requests', table => {
    table.dropUnique(['name']);
    table
      .string('deletion_cause')
      .nullable()
      .comment(
        'Why the cluster is being or was deleted: "user" (deletion_requested_by says who) or "expiry" (its time to live ran out)',
      );
  });
  // Existing rows: the "expiry" sentinel in deletion_requested_by becomes a cause of its own.
  await knex('cluster_requests')
    .where({ deletion_requested_by: 'expiry' })
    .update({ deletion_cause: 'expiry', deletion_requested_by: null });
  await knex('cluster_requests')
    .whereNotNull('deletion_requested_by')
    .update({ deletion_cause: 'user' });
  // One live cluster per name; any number of finished ones.
  // (DDL takes no bound parameters on PostgreSQL: the phases are constants, written in.)
  await knex.raw(
    `CREATE UNIQUE INDEX cluster_requests_live_name_idx ON cluster_requests (name) WHERE phase NOT IN (${FINAL.map(
      p => `'${p}'`,
    ).join(', ')})`,
  );
  await knex.schema.alterTable('cluster_requests', table => {
    table.index(['name'], 'cluster_requests_name_idx');
  });

  await knex.schema.alterTable('cluster_events', table => {
    table
      .boolean('decision')
      .notNullable()
      .defaultTo(false)
      .comment(
        "A person's (or the time to live's) decision: request, approval, rejection, update, scale, retry, deletion. Never pruned",
      );
  });
  // Existing events that record decisions, by the words the engine wrote them with.
  await knex('cluster_events')
    .where(q =>
      q
        .where('phase', 'AwaitingApproval')
        .orWhere('phase', 'Deleted')
        .orWhere('message', 'like', 'Requested by %')
        .orWhere('message', 'like', 'Deletion requested by %')
        .orWhere('message', 'like', 'Retry requested by %')
        .orWhere('message', 'like', 'Scaling requested by %')
        .orWhere('message', 'like', 'Update from version % started by %')
        .orWhere('message', 'like', '% expired at %'),
    )
    .update({ decision: true });

  // Rollouts: each cluster entry carries the id of the cluster it updates.
  for (const rollout of await knex('cluster_rollouts').select(
    'id',
    'clusters',
  )) {
    const clusters = JSON.parse(rollout.clusters);
    for (const entry of clusters) {
      if (entry.clusterId) continue;
      const row = await knex('cluster_requests')
        .where({ name: entry.name })
        .orderBy('created_at', 'desc')
        .first('id');
      entry.clusterId = row?.id ?? null;
    }
    await knex('cluster_rollouts')
      .where({ id: rollout.id })
      .update({ clusters: JSON.stringify(clusters) });
  }
};

/**
 * Back to one row per name: only the live (else the newest) cluster of each name stays (with
 * its events); older ones, and with them their history, are removed.
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  // The live cluster of a name first, else the newest.
  const rows = await knex('cluster_requests')
    .select('id', 'name')
    .orderByRaw(
      `CASE WHEN phase IN (${FINAL.map(p => `'${p}'`).join(
        ', ',
      )}) THEN 1 ELSE 0 END`,
    )
    .orderBy('created_at', 'desc');
  const seen = new Set();
  const older = [];
  for (const row of rows) {
    if (seen.has(row.name)) older.push(row.id);
    seen.add(row.name);
  }
  for (let i = 0; i < older.length; i += 500) {
    const ids = older.slice(i, i + 500);
    await knex('cluster_events').whereIn('cluster_id', ids).delete();
    await knex('cluster_components').whereIn('cluster_id', ids).delete();
    await knex('cluster_requests').whereIn('id', ids).delete();
  }
  await knex('cluster_requests')
    .where({ deletion_cause: 'expiry' })
    .update({ deletion_requested_by: 'expiry' });
  await knex.schema.alterTable('cluster_events', table => {
    table.dropColumn('decision');
  });
  await knex.raw('DROP INDEX cluster_requests_live_name_idx');
  await knex.schema.alterTable('cluster_requests', table => {
    table.dropIndex(['name'], 'cluster_requests_name_idx');
    table.dropColumn('deletion_cause');
    table.unique(['name']);
  });
};
