import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import type { Subject } from '@complete-clusters/plugin-complete-clusters-common';
import type { Principal, Principals } from '../database/types';

/**
 * A principal granted through the cluster's ownership: `ownerMemberOf` is the
 * owner it was resolved for when it is a member of the owning group (or the
 * owning user itself), so a plan grants `owner-members` only to those of the
 * current owner.
 */
export type OwnershipPrincipal = Principal & { ownerMemberOf?: string };

/** Who the cluster's role binding subjects stand for besides fixed entity refs. */
export interface SubjectContext {
  requester: string;
  /** The owning group or user. */
  owner: string;
  /** The owning group's members (or the owning user), as resolved from the catalog. */
  ownerMembers: string[];
}

const lowerRef = (ref: string) => ref.toLocaleLowerCase('en-US');

/** The entity ref a role binding subject stands for, lower-cased as the catalog compares refs. */
export function subjectRef(
  subject: Exclude<Subject, { kind: 'owner-members' }>,
  requester: string,
  owner: string = requester,
): string {
  if (subject.kind === 'requester') return lowerRef(requester);
  if (subject.kind === 'owner') return lowerRef(owner);
  return lowerRef(
    stringifyEntityRef(
      parseEntityRef(subject.ref, {
        defaultKind: subject.kind,
        defaultNamespace: 'default',
      }),
    ),
  );
}

/** Every entity ref a subject stands for: one, or each member of the owning group for `owner-members`. */
export function subjectRefs(subject: Subject, context: SubjectContext) {
  if (subject.kind === 'owner-members') return context.ownerMembers;
  return [subjectRef(subject, context.requester, context.owner)];
}

/** The members of `owner` recorded among a cluster's principals (see {@link OwnershipPrincipal}). */
export function ownerMembersIn(principals: Principals, owner: string) {
  const ownerRef = lowerRef(owner);
  return Object.entries(principals)
    .filter(([, p]) => (p as OwnershipPrincipal).ownerMemberOf === ownerRef)
    .map(([ref]) => ref)
    .sort();
}

/** The principals without those recorded as members of an owner (to be looked up afresh). */
export function withoutOwnerMembers(principals: Principals): Principals {
  return Object.fromEntries(
    Object.entries(principals).filter(
      ([, p]) => (p as OwnershipPrincipal).ownerMemberOf === undefined,
    ),
  );
}

/** Whether a template's role bindings follow the cluster's ownership. */
export function usesOwnership(
  bindings: Array<{ subjects: Subject[] }>,
): boolean {
  return bindings.some(b =>
    b.subjects.some(s => s.kind === 'owner' || s.kind === 'owner-members'),
  );
}
