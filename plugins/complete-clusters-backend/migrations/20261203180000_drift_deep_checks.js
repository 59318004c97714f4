// @ts-check

/**
 * When each cluster's GitOps components (Flux extension and configurations,
 * which Azure lists per cluster only) were last read by a drift check, so
 * that every replica picks the clusters least recently read.
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('cluster_requests', table => {
    table
      .timestamp('gitops_checked_at', { useTz: true })
      .nullable()
      .comment(
        "When a drift check last read the cluster's Flux extension and configurations",
      );
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.alterTable('cluster_requests', table => {
    table.dropColumn('gitops_checked_at');
  });
};
