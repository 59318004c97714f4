import {
  DefaultNamespaceEntityPolicy,
  Entity,
  EntityPolicies,
  FieldFormatEntityPolicy,
  NoForeignRootFieldsEntityPolicy,
  parseEntityRef,
  resourceEntityV1alpha1Validator,
  SchemaValidEntityPolicy,
} from '@backstage/catalog-model';

/** The catalog's own checks of an entity, the ones it would fail processing with. */
const catalogPolicy = EntityPolicies.allOf([
  new DefaultNamespaceEntityPolicy(),
  new NoForeignRootFieldsEntityPolicy(),
  new FieldFormatEntityPolicy(),
  new SchemaValidEntityPolicy(),
]);

/**
 * The entity refs of a Resource's spec, which the catalog's built-in
 * processor parses to relate it to its owner and dependencies (owner refs
 * default to kind Group): one it cannot parse fails the entity's processing.
 */
function refProblems(entity: Entity): string[] {
  const spec = (entity.spec ?? {}) as { owner?: unknown; dependsOn?: unknown };
  const refs: Array<[string, unknown, string | undefined]> = [
    ['spec.owner', spec.owner, 'Group'],
    ...(Array.isArray(spec.dependsOn) ? spec.dependsOn : []).map(
      (ref, i): [string, unknown, undefined] => [
        `spec.dependsOn[${i}]`,
        ref,
        undefined,
      ],
    ),
  ];
  return refs.flatMap(([field, ref, defaultKind]) => {
    try {
      parseEntityRef(ref as string, {
        defaultKind,
        defaultNamespace: entity.metadata.namespace ?? 'default',
      });
      return [];
    } catch (e) {
      return [`${field}: ${(e as Error).message}`];
    }
  });
}

/**
 * What the catalog would refuse in an entity made from a cluster: its
 * policies, the Resource kind's schema and the refs it relates the entity by.
 * The last guard before publishing, so that one entity the catalog cannot
 * take never holds up the others; empty when the catalog takes it.
 */
export async function entityProblems(entity: Entity): Promise<string[]> {
  try {
    await catalogPolicy.enforce(entity);
    await resourceEntityV1alpha1Validator.check(entity);
  } catch (e) {
    return [(e as Error).message];
  }
  return refProblems(entity);
}
