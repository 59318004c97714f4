// @ts-check

/**
 * One token bucket per subscription and Azure limit (ARM's reads, writes and
 * deletes, AKS's operation-status reads), shared by every replica: a request
 * takes a token first, so that the portal's own load stays under the limits
 * Azure publishes and provokes no 429. `tokens` as of `refilled_at` (ms since
 * the epoch); the refill is computed when a token is taken.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('azure_pacing', table => {
    table.string('subscription_id', 64).notNullable();
    table.string('bucket', 32).notNullable();
    table.double('tokens').notNullable();
    table.bigInteger('refilled_at').notNullable();
    table.primary(['subscription_id', 'bucket']);
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('azure_pacing');
};
