import { createPermission } from '@backstage/plugin-permission-common';

/**
 * The catalog's resource type, under which ClusterTemplates are authorized:
 * a permission policy can decide with the catalog's own rules (owner, labels,
 * annotations) who may request from, or roll out, which template.
 */
const CATALOG_ENTITY = 'catalog-entity';

/**
 * Request a complete cluster from a ClusterTemplate (authorized against the template's entity ref).
 * @public
 */
export const clusterCreatePermission = createPermission({
  name: 'complete-clusters.cluster.create',
  attributes: { action: 'create' },
  resourceType: CATALOG_ENTITY,
});

/**
 * See requested clusters, their phase and history.
 * @public
 */
export const clusterReadPermission = createPermission({
  name: 'complete-clusters.cluster.read',
  attributes: { action: 'read' },
});

/**
 * Bring a cluster to a newer version of its template. Besides this
 * permission, only the cluster's owner or a member of the template's owning
 * group may do it.
 * @public
 */
export const clusterUpdatePermission = createPermission({
  name: 'complete-clusters.cluster.update',
  attributes: { action: 'update' },
});

/**
 * Change a cluster's node pool sizes within the template's bounds (owner or
 * template owners only, besides this permission).
 * @public
 */
export const clusterScalePermission = createPermission({
  name: 'complete-clusters.cluster.scale',
  attributes: { action: 'update' },
});

/**
 * Resume a Failed cluster where it failed, by its retry action or by asking
 * again for one's own Failed cluster (owner or template owners only, besides
 * this permission).
 * @public
 */
export const clusterRetryPermission = createPermission({
  name: 'complete-clusters.cluster.retry',
  attributes: { action: 'update' },
});

/**
 * Hand a cluster over to another owner: one of the caller's groups or the
 * caller (its owner or template owners only, besides this permission).
 * @public
 */
export const clusterTransferPermission = createPermission({
  name: 'complete-clusters.cluster.transfer',
  attributes: { action: 'update' },
});

/**
 * Rebuild a cluster in another region its template allows, and confirm the
 * deletion of the cluster it replaces (owner or template owners only,
 * besides this permission).
 * @public
 */
export const clusterRebuildPermission = createPermission({
  name: 'complete-clusters.cluster.rebuild',
  attributes: { action: 'update' },
});

/**
 * Delete a cluster and its Azure resources (owner or template owners only,
 * besides this permission).
 * @public
 */
export const clusterDeletePermission = createPermission({
  name: 'complete-clusters.cluster.delete',
  attributes: { action: 'delete' },
});

/**
 * Approve or reject a request that waits for approval (members of the
 * template's approver group only, never the requester, besides this permission).
 * @public
 */
export const clusterApprovePermission = createPermission({
  name: 'complete-clusters.cluster.approve',
  attributes: { action: 'update' },
});

/**
 * Roll a template's current version out to all its clusters (members of the
 * template's owning group only, besides this permission; authorized against
 * the template's entity ref).
 * @public
 */
export const templateRolloutPermission = createPermission({
  name: 'complete-clusters.template.rollout',
  attributes: { action: 'update' },
  resourceType: CATALOG_ENTITY,
});

/**
 * Every permission of complete clusters, for the permission registry.
 * @public
 */
export const completeClustersPermissions = [
  clusterCreatePermission,
  clusterReadPermission,
  clusterUpdatePermission,
  clusterScalePermission,
  clusterRetryPermission,
  clusterTransferPermission,
  clusterRebuildPermission,
  clusterDeletePermission,
  clusterApprovePermission,
  templateRolloutPermission,
];
