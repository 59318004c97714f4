import type { Entity } from '@backstage/catalog-model';
import { parseEntityRef, RELATION_HAS_MEMBER } from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import type { ClusterTemplateSpec } from '@complete-clusters/plugin-complete-clusters-common';
import type { Principals } from '../database/types';
import type { OwnershipPrincipal } from '../plan/subjects';
import { subjectRef } from '../plan/subjects';

/** Where the Microsoft Graph catalog provider keeps a user's Entra object id. */
export const ANNOTATION_GRAPH_USER_ID = 'graph.microsoft.com/user-id';
/** Where the Microsoft Graph catalog provider keeps a group's Entra object id. */
export const ANNOTATION_GRAPH_GROUP_ID = 'graph.microsoft.com/group-id';

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const lowerRef = (ref: string) => ref.toLocaleLowerCase('en-US');
const kindOf = (ref: string) =>
  parseEntityRef(ref).kind.toLocaleLowerCase('en-US');

/**
 * The members of the owning group as the catalog says (its hasMember
 * relations, users only), or the owning user alone.
 */
async function ownerMembers(
  owner: string,
  lookup: (refs: string[]) => Promise<Array<Entity | undefined>>,
  bindings: string,
): Promise<string[]> {
  if (kindOf(owner) !== 'group') return [owner];
  const [group] = await lookup([owner]);
  if (!group) {
    throw new InputError(
      `The template's access cannot be granted in Azure:\n- role binding ${bindings}: owner-members stands for the members of ${owner}, which is not in the catalog. Fix: own the cluster by a group the catalog has, or ask your platform team to import ${owner}.\nNothing was recorded.`,
    );
  }
  return [
    ...new Set(
      (group.relations ?? [])
        .filter(r => r.type === RELATION_HAS_MEMBER)
        .map(r => lowerRef(r.targetRef))
        .filter(ref => kindOf(ref) === 'user'),
    ),
  ].sort();
}

/**
 * The Microsoft Entra principal of every subject of the template's role
 * bindings: from the catalog entity's Microsoft Graph annotation, else from
 * `completeClusters.principals`. `owner` stands for the owning group or user,
 * `owner-members` for each member of the owning group as the catalog says
 * (or the owning user); those are marked with the owner they were resolved
 * for. A subject with neither refuses the request, naming the binding, the
 * entity, the annotation and the fix, before anything is recorded: Azure could
 * not grant the access the template promises.
 */
export async function resolvePrincipals(options: {
  spec: ClusterTemplateSpec;
  requester: string;
  /** The owning group or user (the requester when none was named). */
  owner?: string;
  overrides: Record<string, string>;
  lookup: (refs: string[]) => Promise<Array<Entity | undefined>>;
}): Promise<Principals> {
  const { spec, requester, overrides } = options;
  const owner = lowerRef(options.owner ?? requester);
  const wanted = new Map<string, string[]>();
  const want = (ref: string, binding: string) =>
    wanted.set(ref, [...(wanted.get(ref) ?? []), binding]);
  const memberBindings: string[] = [];
  for (const binding of spec.policies.access.roleBindings) {
    for (const subject of binding.subjects) {
      if (subject.kind === 'owner-members') memberBindings.push(binding.name);
      else want(subjectRef(subject, requester, owner), binding.name);
    }
  }
  const members =
    memberBindings.length > 0
      ? await ownerMembers(owner, options.lookup, memberBindings.join(', '))
      : [];
  for (const member of members) {
    for (const binding of memberBindings) want(member, binding);
  }
  const memberSet = new Set(members);
  const refs = [...wanted.keys()];
  const entities = refs.length > 0 ? await options.lookup(refs) : [];
  const principals: Principals = {};
  const problems: string[] = [];
  refs.forEach((ref, i) => {
    const type = kindOf(ref) === 'group' ? 'Group' : 'User';
    const annotation =
      type === 'Group' ? ANNOTATION_GRAPH_GROUP_ID : ANNOTATION_GRAPH_USER_ID;
    const fromCatalog = entities[i]?.metadata.annotations?.[annotation];
    const objectId = overrides[ref] ?? fromCatalog;
    if (objectId && GUID.test(objectId)) {
      const principal: OwnershipPrincipal = memberSet.has(ref)
        ? { objectId, type, ownerMemberOf: owner }
        : { objectId, type };
      principals[ref] = principal;
      return;
    }
    const bindings = wanted.get(ref)!.join(', ');
    const who =
      memberSet.has(ref) && ref !== owner
        ? `${ref} (a member of ${owner}, which owns the cluster)`
        : ref;
    problems.push(
      objectId
        ? `- role binding ${bindings}: ${who} has ${annotation} "${objectId}", which is not a Microsoft Entra object id. Fix: correct the annotation on that entity.`
        : `- role binding ${bindings}: ${who} has no Microsoft Entra object id${
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
