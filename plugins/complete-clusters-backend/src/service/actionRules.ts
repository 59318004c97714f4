import type { ClusterRecord } from '../database/types';
import type { Relation } from './access';

/**
 * When a person's relation to a cluster and the cluster's state let them take
 * an action, before the permission framework has its say. The cluster's page
 * and the fleet view offer actions by these rules; the actions enforce them.
 */
export const actionRules = {
  /** An approver of the template, deciding on someone else's request that waits for a decision. */
  approve: (relation: Relation, cluster: ClusterRecord) =>
    relation.approver &&
    !relation.requester &&
    cluster.phase === 'AwaitingApproval',
  /** Its owner or the template's owners, on a Failed cluster nobody is deleting. */
  retry: (relation: Relation, cluster: ClusterRecord) =>
    (relation.owner || relation.templateOwner) &&
    cluster.phase === 'Failed' &&
    !cluster.deletion,
};
