import type { Entity } from '@backstage/catalog-model';
import { parseEntityRef } from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import type { ClusterTemplateSpec } from '@complete-clusters/plugin-complete-clusters-common';
import type { Principals } from '../database/types';
import { subjectRef } from '../plan/subjects';

/** Where the Microsoft Graph catalog provider keeps a user's Entra object id. */
export const ANNOTATION_GRAPH_USER_ID = 'graph.microsoft.com/user-id';
/** Where the Microsoft Graph catalog provider keeps a group's Entra object id. */
export const ANNOTATION_GRAPH_GROUP_ID = 'graph.microsoft.com/group-id';

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The Microsoft Entra principal of every subject of the template's role
 * bindings: from the catalog entity's Microsoft Graph annotation, else from
 * `completeClusters.principals`. A subject with neither refuses the request,
 * naming the binding, the entity and the fix, before anything is recorded:
 * Azure could not grant the access the template promises.
 */
export async function resolvePrincipals(options: {
  spec: ClusterTemplateSpec;
  requester: string;
  overrides: Record<string, string>;
  lookup: (refs: string[]) => Promise<Array<Entity | undefined>>;
}): Promise<Principals> {
  const { spec, requester, overrides } = options;
  const wanted = new Map<string, string[]>();
  for (const binding of spec.policies.access.roleBindings) {
    for (const subject of binding.subjects) {
      const ref = subjectRef(subject, requester);
      wanted.set(ref, [...(wanted.get(ref) ?? []), binding.name]);
    }
  }
  const refs = [...wanted.keys()];
  const entities = refs.length > 0 ? await options.lookup(refs) : [];
  const principals: Principals = {};
  const problems: string[] = [];
  refs.forEach((ref, i) => {
    const kind = parseEntityRef(ref).kind.toLocaleLowerCase('en-US');
    const type = kind === 'group' ? 'Group' : 'User';
    const annotation =
      type === 'Group' ? ANNOTATION_GRAPH_GROUP_ID : ANNOTATION_GRAPH_USER_ID;
    const fromCatalog = entities[i]?.metadata.annotations?.[annotation];
    const objectId = overrides[ref] ?? fromCatalog;
    if (objectId && GUID.test(objectId)) {
      principals[ref] = { objectId, type };
      return;
    }
    const bindings = wanted.get(ref)!.join(', ');
    problems.push(
      objectId
        ? `- role binding ${bindings}: ${ref} has ${annotation} "${objectId}", which is not a Microsoft Entra object id. Fix: correct the annotation on that entity.`
        : `- role binding ${bindings}: ${ref} has no Microsoft Entra object id${
            entities[i] ? '' : ' (it is not in the catalog)'
          }. Fix: ask your platform team to import it with the Microsoft Graph catalog provider (which sets ${annotation}) or to map it in completeClusters.principals.`,
    );
  });
  if (problems.length > 0) {
    throw new InputError(
      `The template's access cannot be granted in Azure:\n${problems.join(
        '\n',
      )}\nNothing was recorded.`,
    );
  }
  return principals;
}
