import { parseEntityRef } from '@backstage/catalog-model';
import { hasControlCharacter, quote } from './text';

const ENTITY_NAME = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;

/**
 * Why an entity ref is refused where only some kinds are allowed (an owner,
 * an approver or a role binding subject: a group or a user), if it is.
 * `defaultKind` is the kind of a ref written without one.
 */
export function entityRefProblem(
  ref: string,
  kinds: ReadonlyArray<'group' | 'user'>,
  defaultKind: 'group' | 'user',
): string | undefined {
  if (hasControlCharacter(ref))
    return `${quote(ref)} holds a control character`;
  let parsed;
  try {
    parsed = parseEntityRef(ref, { defaultKind, defaultNamespace: 'default' });
  } catch {
    return `${quote(ref)} is not an entity reference`;
  }
  const kind = parsed.kind.toLocaleLowerCase('en-US');
  if (!(kinds as readonly string[]).includes(kind))
    return `${quote(ref)} is a ${parsed.kind} reference, not a ${kinds.join(
      ' or ',
    )} reference`;
  for (const part of [parsed.namespace, parsed.name]) {
    if (part.length > 63 || !ENTITY_NAME.test(part))
      return `${quote(
        ref,
      )} is not a valid ${kind} reference (names are 1-63 letters, digits, "-", "_" and ".")`;
  }
  return undefined;
}
