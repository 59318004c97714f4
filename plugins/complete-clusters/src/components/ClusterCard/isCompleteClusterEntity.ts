import type { Entity } from '@backstage/catalog-model';
import {
  ANNOTATION_SOURCE_TEMPLATE,
  CLUSTER_RESOURCE_TYPE,
} from '@complete-clusters/plugin-complete-clusters-common';

/**
 * The entities the cluster card belongs on: Resources of type
 * `kubernetes-cluster` made by Complete Clusters (they name their template). For `EntitySwitch.Case` in legacy apps.
 * @public
 */
export function isCompleteClusterEntity(entity: Entity): boolean {
  return (
    entity.kind.toLocaleLowerCase('en-US') === 'resource' &&
    entity.spec?.type === CLUSTER_RESOURCE_TYPE &&
    Boolean(entity.metadata.annotations?.[ANNOTATION_SOURCE_TEMPLATE])
  );
}
