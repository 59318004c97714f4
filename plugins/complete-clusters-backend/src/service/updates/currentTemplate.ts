import type { Entity } from '@backstage/catalog-model';
import {
  isClusterTemplateEntity,
  parseClusterTemplate,
} from '@complete-clusters/plugin-complete-clusters-common';
import type { ClusterTemplateEntity } from '@complete-clusters/plugin-complete-clusters-common';

/**
 * A catalog entity as the template clusters can be brought to: a
 * ClusterTemplate that passes validation, or why it is not one (the callers
 * word the refusal for what they were doing).
 */
export function currentTemplate(
  entity: Entity | null | undefined,
): ClusterTemplateEntity | 'missing' | 'invalid' {
  if (!entity || !isClusterTemplateEntity(entity)) return 'missing';
  return parseClusterTemplate(entity).template ?? 'invalid';
}
