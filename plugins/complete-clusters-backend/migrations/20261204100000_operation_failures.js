// @ts-check

/**
 * How many times Azure accepted each operation of a cluster's current phase
 * and then ended it Failed, across submissions: an operation Azure fails
 * every time stops at the engine's maxAttempts instead of being started again
 * for ever (a successful submission resets the attempts, not this count).
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('cluster_requests', table => {
    table
      .text('operation_failures')
      .nullable()
      .comment(
        'JSON: failed outcomes of each operation of the current phase, by operation',
      );
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.alterTable('cluster_requests', table => {
    table.dropColumn('operation_failures');
  });
};
