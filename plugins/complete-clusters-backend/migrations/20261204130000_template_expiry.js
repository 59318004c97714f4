// @ts-check

/**
 * A template's time to live moved from spec.lifecycle (which Backstage reads
 * as the entity's lifecycle stage, a string, and showed as "[object Object]")
 * to spec.expiry. Clusters keep the resolved spec they were built from: move
 * it there too, so a cluster requested before the move still expires.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  const rows = await knex('cluster_requests')
    .select('id', 'spec')
    .where('spec', 'like', '%"lifecycle":{%');
  for (const row of rows) {
    const spec = JSON.parse(row.spec);
    if (!spec.lifecycle || typeof spec.lifecycle !== 'object') continue;
    spec.expiry = spec.lifecycle;
    delete spec.lifecycle;
    await knex('cluster_requests')
      .where({ id: row.id })
      .update({ spec: JSON.stringify(spec) });
  }
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  const rows = await knex('cluster_requests')
    .select('id', 'spec')
    .where('spec', 'like', '%"expiry":{%');
  for (const row of rows) {
    const spec = JSON.parse(row.spec);
    if (!spec.expiry || typeof spec.expiry !== 'object') continue;
    spec.lifecycle = spec.expiry;
    delete spec.expiry;
    await knex('cluster_requests')
      .where({ id: row.id })
      .update({ spec: JSON.stringify(spec) });
  }
};
