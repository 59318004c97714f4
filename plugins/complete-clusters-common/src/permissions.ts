import { createPermission } from '@backstage/plugin-permission-common';

/**
 * Request a complete cluster from a ClusterTemplate.
 * @public
 */
export const clusterCreatePermission = createPermission({
  name: 'complete-clusters.cluster.create',
  attributes: { action: 'create' },
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
 * Every permission of complete clusters, for the permission registry.
 * @public
 */
export const completeClustersPermissions = [clusterCreatePermission, clusterReadPermission];
