import type { TemplateChange } from './types';

/**
 * One change a template version makes, in one line, as the portal and the
 * command line both word it: `field added: value`, `field removed (was
 * value)`, or `field before → after` showing only the words that differ
 * (`application redis 21.2.5 → 21.3.0`, not the whole chart description twice).
 * @public
 */
export function describeTemplateChange(change: TemplateChange): string {
  if (change.from === undefined)
    return `${change.field} added: ${change.to ?? ''}`;
  if (change.to === undefined)
    return `${change.field} removed (was ${change.from})`;
  const from = change.from.split(' ');
  const to = change.to.split(' ');
  let start = 0;
  while (start < from.length && start < to.length && from[start] === to[start])
    start += 1;
  let end = 0;
  while (
    end < from.length - start &&
    end < to.length - start &&
    from[from.length - 1 - end] === to[to.length - 1 - end]
  )
    end += 1;
  const before = from.slice(start, from.length - end).join(' ');
  const after = to.slice(start, to.length - end).join(' ');
  return `${change.field} ${before || '(none)'} → ${after || '(none)'}`;
}
