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
 * What {@link parseClusterTemplate} makes of an entity: the valid template,
 * or the problems that keep it from being one.
 * @public
 */
export type ParsedClusterTemplate =
  | { template: ClusterTemplateEntity; problems: [] }
  | { template: undefined; problems: ValidationProblem[] };

/**
 * The entity as a valid ClusterTemplate, typed, or every problem that keeps
 * it from being one: the check and the type in one step, so that no caller
 * casts after checking.
 * @public
 */
export function parseClusterTemplate(entity: unknown): ParsedClusterTemplate {
  const problems = clusterTemplateProblems(entity);
  return problems.length === 0
    ? { template: entity as ClusterTemplateEntity, problems: [] }
    : { template: undefined, problems };
}

/**
 * Asserts that an entity is a valid ClusterTemplate, or throws a
 * {@link ClusterTemplateValidationError} naming every bad field and its fix.
 * @public
 */
export function assertValidClusterTemplate(
  entity: Entity,
): asserts entity is ClusterTemplateEntity {
  const { problems } = parseClusterTemplate(entity);
  if (problems.length > 0) {
    const name = entity.metadata?.name ?? '(unnamed)';
    throw new ClusterTemplateValidationError(
      `ClusterTemplate ${name}`,
      problems,
    );
  }
}
