// @ts-check

/** Phases of a cluster that is finished: its name is free for a new cluster. */
const FINAL = ['Deleted', 'Rejected'];
const IN_FINAL = `(${FINAL.map(p => `'${p}'`).join(', ')})`;

/**
 * A cluster rebuilt in another region is a new cluster (a new id, its own
 * resource group) linked to the one it replaces: `rebuilt_from` on the new,
 * `rebuilt_to` on the old. The name goes to the new cluster at once; the old
 * one stays live (it still has Azure resources) until its owner confirms its
 * deletion, but no longer holds the name: one live name holder per name.
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('cluster_requests', table => {
    table
      .string('rebuilt_from')
      .nullable()
      .comment(
        'Id of the cluster this one was rebuilt from (in another region); that one is deleted once its owner confirms',
      );
    table
      .string('rebuilt_to')
      .nullable()
      .comment(
        'Id of the cluster rebuilt from this one (in another region); set, this cluster no longer holds its name',
      );
  });
  // DDL takes no bound parameters on PostgreSQL: the phases are constants, written in.
  await knex.raw('DROP INDEX cluster_requests_live_name_idx');
  await knex.raw(
    `CREATE UNIQUE INDEX cluster_requests_live_name_idx ON cluster_requests (name) WHERE phase NOT IN ${IN_FINAL} AND rebuilt_to IS NULL`,
  );
};

/**
 * Back to one live cluster per name. Refused while a replaced cluster is
 * still live (its owner has not confirmed its deletion, or it is being
 * deleted): two live clusters of one name cannot be kept apart without the links.
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  const waiting = await knex('cluster_requests')
    .whereNotNull('rebuilt_to')
    .whereNotIn('phase', FINAL)
    .select('name');
  if (waiting.length > 0)
    throw new Error(
      `Cannot undo cluster rebuilds while the old clusters of ${waiting
        .map(r => r.name)
        .join(
          ', ',
        )} are still live: confirm their deletion and let it finish first.`,
    );
  await knex.raw('DROP INDEX cluster_requests_live_name_idx');
  await knex.raw(
    `CREATE UNIQUE INDEX cluster_requests_live_name_idx ON cluster_requests (name) WHERE phase NOT IN ${IN_FINAL}`,
  );
  await knex.schema.alterTable('cluster_requests', table => {
    table.dropColumn('rebuilt_from');
    table.dropColumn('rebuilt_to');
  });
};
