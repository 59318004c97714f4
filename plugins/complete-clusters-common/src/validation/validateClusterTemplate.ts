import type { Entity } from '@backstage/catalog-model';
import type { ClusterTemplateEntity } from '../model/ClusterTemplate';
import {
  CLUSTER_TEMPLATE_API_VERSION,
  CLUSTER_TEMPLATE_KIND,
} from '../model/constants';
import { schemaProblems } from './schemaProblems';
import { parameterProblems } from './parameterProblems';
import { templateRuleProblems } from './semanticProblems';
import {
  ClusterTemplateValidationError,
  ValidationProblem,
} from './ValidationProblem';

/**
 * True when the entity claims to be a ClusterTemplate (whether or not it is a valid one).
 * @public
 */
export function isClusterTemplateEntity(entity: Entity): boolean {
  return (
    entity.apiVersion === CLUSTER_TEMPLATE_API_VERSION &&
    entity.kind === CLUSTER_TEMPLATE_KIND
  );
}

/**
 * Every problem of a ClusterTemplate entity: the schema's first, then the
 * rules between fields. An empty list means the template is valid.
 * @public
 */
export function clusterTemplateProblems(entity: unknown): ValidationProblem[] {
  const problems = schemaProblems(entity);
  if (problems.length > 0) return problems;
  const spec = (entity as ClusterTemplateEntity).spec;
  return [...templateRuleProblems(spec), ...parameterProblems(spec)];
}

/**
 * Asserts that an entity is a valid ClusterTemplate, or throws a
 * {@link ClusterTemplateValidationError} naming every bad field and its fix.
 * @public
 */
export function assertValidClusterTemplate(
  entity: Entity,
): asserts entity is ClusterTemplateEntity {
  const problems = clusterTemplateProblems(entity);
  if (problems.length > 0) {
    const name = entity.metadata?.name ?? '(unnamed)';
    throw new ClusterTemplateValidationError(
      `ClusterTemplate ${name}`,
      problems,
    );
  }
}
