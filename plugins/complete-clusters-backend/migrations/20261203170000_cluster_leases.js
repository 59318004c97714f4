// @ts-check

/**
 * Which replica held which cluster when: one row per lease taken. The engine
 * writes for a cluster only while it holds the cluster's lease, so these rows
 * say who could have changed it, and when (pruned with the events retention).
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('cluster_leases', table => {
    table.comment(
      'Leases the engine replicas took on clusters: who could write to a cluster, and when',
    );
    table.bigIncrements('id');
    table
      .string('cluster_id')
      .notNullable()
      .comment('The cluster (cluster_requests.id)');
    table
      .string('owner')
      .notNullable()
      .comment('The replica (worker id) that held it');
    table.timestamp('taken_at', { useTz: true }).notNullable();
    table
      .timestamp('expires_at', { useTz: true })
      .notNullable()
      .comment('When the lease ran out unless given back before');
    table
      .timestamp('released_at', { useTz: true })
      .nullable()
      .comment('When the replica gave it back');
    table.index(['cluster_id'], 'cluster_leases_cluster_idx');
    table.index(['taken_at'], 'cluster_leases_taken_idx');
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('cluster_leases');
};
