// @ts-check

/**
 * Each cluster's environment (development, testing, production) as a column,
 * so the platform team's fleet view filters and sorts by it in the database
 * at any fleet size. Filled from the spec of existing clusters.
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('cluster_requests', table => {
    table
      .string('environment')
      .nullable()
      .comment(
        "The template's environment the cluster was built for (spec.environment)",
      );
  });
  const rows = await knex('cluster_requests').select('id', 'spec');
  for (const row of rows) {
    const environment = JSON.parse(row.spec).environment ?? null;
    await knex('cluster_requests')
      .where({ id: row.id })
      .update({ environment });
  }
  await knex.schema.alterTable('cluster_requests', table => {
    table.index(
      ['template_ref', 'phase'],
      'cluster_requests_template_phase_idx',
    );
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.alterTable('cluster_requests', table => {
    table.dropIndex(
      ['template_ref', 'phase'],
      'cluster_requests_template_phase_idx',
    );
    table.dropColumn('environment');
  });
};
