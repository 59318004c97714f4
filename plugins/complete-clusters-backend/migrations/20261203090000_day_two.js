// @ts-check

/**
 * Day two: approvals, what the engine is doing (create, update, repair, scale,
 * delete), drift, time to live, and rollouts of a template version.
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('cluster_requests', table => {
    table
      .string('activity')
      .notNullable()
      .defaultTo('create')
      .comment(
        'What the current run of phases does: create, update, repair, scale, delete',
      );
    table
      .string('decision')
      .nullable()
      .comment('approved or rejected, once an approver decided');
    table
      .string('decided_by')
      .nullable()
      .comment('Entity ref of the approver who decided');
    table
      .text('decision_reason')
      .nullable()
      .comment("Why, in the approver's words");
    table.timestamp('decided_at', { useTz: true }).nullable();
    table
      .timestamp('expires_at', { useTz: true })
      .nullable()
      .comment("When the cluster is deleted, from the template's time to live");
    table
      .timestamp('expiry_warned_at', { useTz: true })
      .nullable()
      .comment('When its owner was warned of the expiry');
    table
      .text('drift')
      .nullable()
      .comment(
        'JSON list of fields where Azure differs from the template, from the last check',
      );
    table
      .timestamp('drift_checked_at', { useTz: true })
      .nullable()
      .comment('When Azure was last compared with the template');
    table
      .string('rollout_id')
      .nullable()
      .comment('The rollout updating this cluster, if any');
    table
      .string('deletion_requested_by')
      .nullable()
      .comment(
        'Who asked for the cluster to be deleted (or "expiry"); the engine deletes it at its next step',
      );
    table.timestamp('deletion_requested_at', { useTz: true }).nullable();
    table.index(['phase'], 'cluster_requests_phase_idx');
    table.index(['template_ref'], 'cluster_requests_template_idx');
  });
  await knex.schema.createTable('cluster_rollouts', table => {
    table.comment(
      'A template version rolled out to its clusters, environment by environment, stopping at the first failure',
    );
    table.string('id').primary().comment('UUID of the rollout');
    table
      .string('template_ref')
      .notNullable()
      .comment('Entity ref of the ClusterTemplate');
    table
      .string('to_version')
      .notNullable()
      .comment('The version the clusters are brought to');
    table
      .string('requested_by')
      .notNullable()
      .comment('Entity ref of the producer who started it');
    table
      .string('state')
      .notNullable()
      .comment('Running, Succeeded or Stopped');
    table
      .text('clusters')
      .notNullable()
      .comment(
        'JSON list of cluster names in rollout order (development, testing, production)',
      );
    table
      .integer('position')
      .notNullable()
      .defaultTo(0)
      .comment('Index of the cluster being updated');
    table
      .text('message')
      .nullable()
      .comment('Where it stands, or why it stopped');
    table
      .timestamp('created_at', { useTz: true })
      .notNullable()
      .defaultTo(knex.fn.now());
    table
      .timestamp('updated_at', { useTz: true })
      .notNullable()
      .defaultTo(knex.fn.now());
    table.index(['template_ref'], 'cluster_rollouts_template_idx');
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('cluster_rollouts');
  await knex.schema.alterTable('cluster_requests', table => {
    table.dropIndex(['phase'], 'cluster_requests_phase_idx');
    table.dropIndex(['template_ref'], 'cluster_requests_template_idx');
    for (const column of [
      'activity',
      'decision',
      'decided_by',
      'decision_reason',
      'decided_at',
      'expires_at',
      'expiry_warned_at',
      'drift',
      'drift_checked_at',
      'rollout_id',
      'deletion_requested_by',
      'deletion_requested_at',
    ]) {
      table.dropColumn(column);
    }
  });
};
