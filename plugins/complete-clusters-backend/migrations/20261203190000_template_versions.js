// @ts-check

/**
 * Every version of every ClusterTemplate the portal has seen, with its spec,
 * so a template's page can show its history and what changed between
 * versions. Rows are only ever added.
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('template_versions', table => {
    table.comment(
      'Versions of ClusterTemplates as the portal first saw them in the catalog',
    );
    table
      .string('template_ref')
      .notNullable()
      .comment('Entity ref of the ClusterTemplate');
    table.string('version').notNullable().comment('spec.version');
    table
      .text('spec')
      .notNullable()
      .comment('The template spec (JSON) as first seen at this version');
    table
      .timestamp('recorded_at', { useTz: true })
      .notNullable()
      .defaultTo(knex.fn.now())
      .comment('When the portal first saw this version');
    table.primary(['template_ref', 'version']);
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('template_versions');
};
