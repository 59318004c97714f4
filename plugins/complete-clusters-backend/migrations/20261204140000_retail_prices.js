// @ts-check

/**
 * Prices from Azure's Retail Prices API, cached with the date they were
 * fetched: an estimate uses the last price read (and says how old it is)
 * when Azure cannot be asked. `hourly` is null when Azure lists no price.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('retail_prices', table => {
    table.string('currency', 8).notNullable();
    table.string('region', 64).notNullable();
    table.string('vm_size', 128).notNullable();
    table.double('hourly').nullable();
    table.string('meter', 255).nullable();
    table.timestamp('fetched_at', { useTz: true }).notNullable();
    table.primary(['currency', 'region', 'vm_size']);
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('retail_prices');
};
