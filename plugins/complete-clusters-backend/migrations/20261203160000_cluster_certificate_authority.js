// @ts-check

/**
 * The certificate authority of each cluster's API server, as Azure lists it
 * in the cluster's user kubeconfig: the public CA certificate only, which the
 * catalog hands to the Kubernetes plugin. Never a token or a kubeconfig.
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('cluster_requests', table => {
    table
      .text('certificate_authority')
      .nullable()
      .comment(
        'PEM of the API server CA certificate (public), from listClusterUserCredential once the cluster is built',
      );
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.alterTable('cluster_requests', table => {
    table.dropColumn('certificate_authority');
  });
};
