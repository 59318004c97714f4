// @ts-check

/**
 * Cluster requests and their events: the engine's whole memory.
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('cluster_requests', table => {
    table.comment(
      'One row per complete cluster requested from a ClusterTemplate',
    );
    table.string('id').primary().comment('UUID of the request');
    table
      .string('name')
      .notNullable()
      .unique()
      .comment(
        'Cluster name: AKS name and catalog Resource name; unique, so a retried request never makes a second cluster',
      );
    table
      .string('template_ref')
      .notNullable()
      .comment('Entity ref of the ClusterTemplate');
    table
      .string('template_version')
      .notNullable()
      .comment('Version of the ClusterTemplate the cluster is built from');
    table
      .text('parameters')
      .notNullable()
      .comment('JSON of the consumer answers');
    table
      .text('spec')
      .notNullable()
      .comment(
        'JSON of the resolved ClusterTemplate spec (template + answers)',
      );
    table
      .string('requested_by')
      .notNullable()
      .comment('Entity ref of the user who asked');
    table
      .string('owner_ref')
      .notNullable()
      .comment('Entity ref of the owner in the catalog');
    table
      .string('phase')
      .notNullable()
      .comment('Pending, ResourceGroup, ManagedCluster, Ready, Failed');
    table
      .string('subscription_id')
      .notNullable()
      .comment('Azure subscription of the cluster');
    table
      .string('resource_group')
      .notNullable()
      .comment('Azure resource group made for the cluster');
    table
      .string('resource_id', 1024)
      .notNullable()
      .comment('ARM id of the managed cluster');
    table.string('location').notNullable().comment('Azure region');
    table
      .string('fqdn')
      .nullable()
      .comment('API server host name, once Azure gives it');
    table
      .integer('attempts')
      .notNullable()
      .defaultTo(0)
      .comment('Attempts of the current phase after transient Azure errors');
    table
      .text('status_message')
      .nullable()
      .comment(
        'Last message for people: what is happening or what failed and why',
      );
    table
      .text('operation_state')
      .nullable()
      .comment(
        'Serialized long-running Azure operation, so a restart resumes it',
      );
    table
      .string('lease_owner')
      .nullable()
      .comment('Backend instance working on it');
    table
      .timestamp('lease_expires_at', { useTz: true })
      .nullable()
      .comment(
        'When another instance may take over, or when the cluster is next due',
      );
    table
      .timestamp('created_at', { useTz: true })
      .notNullable()
      .defaultTo(knex.fn.now());
    table
      .timestamp('updated_at', { useTz: true })
      .notNullable()
      .defaultTo(knex.fn.now());
    table.index(['owner_ref'], 'cluster_requests_owner_idx');
  });
  await knex.schema.createTable('cluster_events', table => {
    table.comment('What happened to a cluster, in order');
    table.bigIncrements('id').comment('Order of events');
    table
      .string('cluster_id')
      .notNullable()
      .references('id')
      .inTable('cluster_requests')
      .onDelete('CASCADE');
    table.string('phase').notNullable().comment('Phase the event belongs to');
    table.string('level').notNullable().comment('info, warning or error');
    table.text('message').notNullable();
    table
      .timestamp('created_at', { useTz: true })
      .notNullable()
      .defaultTo(knex.fn.now());
    table.index(['cluster_id'], 'cluster_events_cluster_idx');
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('cluster_events');
  await knex.schema.dropTable('cluster_requests');
};
