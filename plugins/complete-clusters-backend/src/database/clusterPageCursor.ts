import { InputError } from '@backstage/errors';
import { isRealUtcTime } from './realUtcTime';

/** Where a page of clusters ended: the exact creation time as the database holds it, the name and the id. */
export function writeCursor(
  createdAt: string,
  name: string,
  id: string,
): string {
  return Buffer.from(JSON.stringify([createdAt, name, id])).toString(
    'base64url',
  );
}

/**
 * The creation time of a cursor exactly as `listClusterPage` writes it:
 * PostgreSQL's UTC with microseconds, SQLite's CURRENT_TIMESTAMP text.
 */
const CURSOR_TIME = {
  postgres: /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})\.\d{6}Z$/,
  sqlite: /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})$/,
};

/** Whether `at` is a creation time this store writes into cursors: the shape and a real date from 1970 to 9999. */
function isCursorTime(at: string, sqlite: boolean): boolean {
  const parts = CURSOR_TIME[sqlite ? 'sqlite' : 'postgres'].exec(at);
  if (!parts) return false;
  const [year, month, day, hour, minute, second] = parts.slice(1).map(Number);
  if (year < 1970 || year > 9999) return false;
  return isRealUtcTime(year, month, day, hour, minute, second);
}

/**
 * Reads a cursor {@link writeCursor} made. Anything else is an InputError (a
 * 400, not the database's own refusal of a time that is none, a 500).
 */
export function readCursor(
  cursor: string,
  sqlite: boolean,
): [string, string, string] {
  try {
    const value = JSON.parse(Buffer.from(cursor, 'base64url').toString());
    if (
      Array.isArray(value) &&
      value.length === 3 &&
      value.every(v => typeof v === 'string') &&
      isCursorTime(value[0], sqlite)
    )
      return value as [string, string, string];
  } catch {
    // not one of ours: refused below
  }
  throw new InputError(
    'cursor: not a cursor a page of clusters returned. Fix: pass nextCursor from the previous page as it is, or leave cursor out for the first page.',
  );
}
