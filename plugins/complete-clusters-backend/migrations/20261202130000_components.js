// @ts-check

/**
 * What a cluster carries beyond its infrastructure: the Entra ID principals
 * its role bindings resolve to, where it failed (so a retry resumes there),
 * and the state of each policy and application installed on it.
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('cluster_requests', table => {
    table
      .text('principals')
      .nullable()
      .comment(
        'JSON: entity ref of each role binding subject -> its Microsoft Entra object id and type (ids, not credentials)',
      );
    table
      .string('failed_phase')
      .nullable()
      .comment(
        'Phase the cluster failed in; a retry resumes there instead of starting again',
      );
  });
  await knex.schema.createTable('cluster_components', table => {
    table.comment(
      'State of each policy and application the engine installs on a cluster',
    );
    table
      .string('cluster_id')
      .notNullable()
      .references('id')
      .inTable('cluster_requests')
      .onDelete('CASCADE');
    table
      .string('component_key')
      .notNullable()
      .comment(
        'Stable id of the component in the cluster, e.g. application:redis',
      );
    table
      .string('state')
      .notNullable()
      .comment('Pending, Installing, Installed or Failed');
    table
      .text('message')
      .nullable()
      .comment('What is happening, or what failed and why, in plain words');
    table
      .string('applied_hash')
      .nullable()
      .comment(
        'Hash of the Azure call that installed it; a different plan re-applies it',
      );
    table
      .text('call')
      .nullable()
      .comment(
        'JSON of that Azure call (ids and template values, never a secret), to remove it when the plan drops it',
      );
    table
      .timestamp('updated_at', { useTz: true })
      .notNullable()
      .defaultTo(knex.fn.now());
    table.primary(['cluster_id', 'component_key']);
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('cluster_components');
  await knex.schema.alterTable('cluster_requests', table => {
    table.dropColumn('principals');
    table.dropColumn('failed_phase');
  });
};
