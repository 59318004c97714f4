import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import type { Subject } from '@complete-clusters/plugin-complete-clusters-common';

/** The entity ref a role binding subject stands for, lower-cased as the catalog compares refs. */
export function subjectRef(subject: Subject, requester: string): string {
  if (subject.kind === 'requester') return requester.toLocaleLowerCase('en-US');
  return stringifyEntityRef(
    parseEntityRef(subject.ref, {
      defaultKind: subject.kind,
      defaultNamespace: 'default',
    }),
  ).toLocaleLowerCase('en-US');
}
