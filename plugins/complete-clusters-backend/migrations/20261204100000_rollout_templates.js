// @ts-check

/**
 * A rollout may span several templates (a platform release): the templates
 * of each rollout, with the version each one's clusters are brought to. While
 * a rollout runs, `running_ref` holds the template's ref, and its unique index
 * keeps two running rollouts from taking the same template, whichever replica
 * starts them. Rollouts recorded before hold their one template.
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('cluster_rollout_templates', table => {
    table.comment(
      'The templates of a rollout (several for a platform release), each with its target version',
    );
    table
      .string('rollout_id')
      .notNullable()
      .references('id')
      .inTable('cluster_rollouts')
      .onDelete('CASCADE')
      .comment('The rollout');
    table
      .string('template_ref')
      .notNullable()
      .comment('Entity ref of the ClusterTemplate');
    table
      .string('to_version')
      .notNullable()
      .comment("The version this template's clusters are brought to");
    table
      .integer('position')
      .notNullable()
      .defaultTo(0)
      .comment('Order of the template in the request');
    table
      .string('running_ref')
      .nullable()
      .comment(
        'The template ref while the rollout runs, else null: one running rollout per template',
      );
    table.primary(['rollout_id', 'template_ref']);
    table.unique(['running_ref'], {
      indexName: 'cluster_rollout_templates_running_uq',
    });
    table.index(['template_ref'], 'cluster_rollout_templates_template_idx');
  });
  const rollouts = await knex('cluster_rollouts')
    .orderBy('created_at', 'desc')
    .select('id', 'template_ref', 'to_version', 'state');
  const running = new Set();
  for (const r of rollouts) {
    // Only the newest running rollout of a template keeps its claim (two could not run at once before either).
    const claims = r.state === 'Running' && !running.has(r.template_ref);
    if (claims) running.add(r.template_ref);
    await knex('cluster_rollout_templates').insert({
      rollout_id: r.id,
      template_ref: r.template_ref,
      to_version: r.to_version,
      position: 0,
      running_ref: claims ? r.template_ref : null,
    });
  }
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('cluster_rollout_templates');
};
