import {
  Entity,
  getCompoundEntityRef,
  parseEntityRef,
  RELATION_OWNED_BY,
  RELATION_OWNER_OF,
} from '@backstage/catalog-model';
import type { LocationSpec } from '@backstage/plugin-catalog-common';
import {
  CatalogProcessor,
  CatalogProcessorEmit,
  processingResult,
} from '@backstage/plugin-catalog-node';
import {
  assertValidClusterTemplate,
  parseClusterTemplate,
  isClusterTemplateEntity,
} from '@complete-clusters/plugin-complete-clusters-common';
import { scaffolderTemplateFor } from '../generator/scaffolderTemplateFor';

/**
 * Teaches the catalog the ClusterTemplate kind: validates it (a malformed
 * template is refused with every bad field named, and nothing else is
 * affected), relates it to its owner, and emits the Scaffolder Template
 * generated from it, so the Scaffolder form follows every change of the
 * ClusterTemplate at its next refresh.
 *
 * @public
 */
export class ClusterTemplateProcessor implements CatalogProcessor {
  getProcessorName(): string {
    return 'ClusterTemplateProcessor';
  }

  async validateEntityKind(entity: Entity): Promise<boolean> {
    if (!isClusterTemplateEntity(entity)) return false;
    assertValidClusterTemplate(entity);
    return true;
  }

  async postProcessEntity(
    entity: Entity,
    location: LocationSpec,
    emit: CatalogProcessorEmit,
  ): Promise<Entity> {
    if (!isClusterTemplateEntity(entity)) return entity;
    // validateEntityKind has already refused an invalid template before this runs.
    const { template } = parseClusterTemplate(entity);
    if (!template) return entity;
    const self = getCompoundEntityRef(entity);
    const owner = parseEntityRef(template.spec.owner, {
      defaultKind: 'group',
      defaultNamespace: self.namespace,
    });
    emit(
      processingResult.relation({
        source: self,
        type: RELATION_OWNED_BY,
        target: owner,
      }),
    );
    emit(
      processingResult.relation({
        source: owner,
        type: RELATION_OWNER_OF,
        target: self,
      }),
    );
    emit(processingResult.entity(location, scaffolderTemplateFor(template)));
    return entity;
  }
}
