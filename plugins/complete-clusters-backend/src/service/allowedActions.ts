import type { BackstageCredentials } from '@backstage/backend-plugin-api';
import {
  clusterApprovePermission,
  clusterDeletePermission,
  clusterRebuildPermission,
  clusterRetryPermission,
  clusterScalePermission,
  clusterTransferPermission,
  clusterUpdatePermission,
} from '@complete-clusters/plugin-complete-clusters-common';
import type {
  ClusterActions,
  ClusterRebuildStatus,
  ClusterUpdate,
  ScaleParameter,
} from '@complete-clusters/plugin-complete-clusters-common';
import type { ClusterRecord } from '../database/types';
import type { Access } from './access';
import { actionRules } from './actionRules';

const NONE: ClusterActions = {
  update: false,
  scale: false,
  delete: false,
  approve: false,
  retry: false,
  transfer: false,
  rebuild: false,
  confirmRebuild: false,
};

/**
 * What the signed-in user may do with a cluster now, by the same rules the
 * actions themselves enforce, so the portal offers exactly those.
 */
export async function allowedActions(
  access: Access,
  credentials: BackstageCredentials,
  cluster: ClusterRecord,
  context: {
    update?: ClusterUpdate;
    scaleParameters: ScaleParameter[];
    rebuildRegions?: string[];
    rebuild?: ClusterRebuildStatus;
  },
): Promise<ClusterActions> {
  if (!access.isUser(credentials) || cluster.phase === 'Deleted') return NONE;
  const relation = await access.relation(credentials, cluster);
  const manages = relation.owner || relation.templateOwner;
  const resting = cluster.phase === 'Ready' || cluster.phase === 'Failed';
  const deleting = cluster.phase === 'Deleting' || !!cluster.deletion;
  const rebuildable =
    manages &&
    !deleting &&
    cluster.phase !== 'AwaitingApproval' &&
    (context.rebuildRegions ?? []).length > 0 &&
    !context.rebuild?.awaitingConfirmation;
  const confirmable =
    manages &&
    !!context.rebuild?.awaitingConfirmation &&
    cluster.phase === 'Ready';
  const rebuildAllowed =
    (rebuildable || confirmable) &&
    (await access.allowed(clusterRebuildPermission, credentials));
  const [update, scale, del, approve, retry, transfer] = await Promise.all([
    manages &&
      resting &&
      !deleting &&
      !!context.update &&
      !context.update.blockedBy &&
      access.allowed(clusterUpdatePermission, credentials),
    manages &&
      cluster.phase === 'Ready' &&
      !deleting &&
      context.scaleParameters.length > 0 &&
      access.allowed(clusterScalePermission, credentials),
    manages &&
      !deleting &&
      access.allowed(clusterDeletePermission, credentials),
    actionRules.approve(relation, cluster) &&
      access.allowed(clusterApprovePermission, credentials),
    actionRules.retry(relation, cluster) &&
      access.allowed(clusterRetryPermission, credentials),
    manages &&
      (resting || cluster.phase === 'AwaitingApproval') &&
      !deleting &&
      access.allowed(clusterTransferPermission, credentials),
  ]);
  return {
    update: !!update,
    scale: !!scale,
    delete: !!del,
    approve: !!approve,
    retry: !!retry,
    transfer: !!transfer,
    rebuild: rebuildable && rebuildAllowed,
    confirmRebuild: confirmable && rebuildAllowed,
  };
}
