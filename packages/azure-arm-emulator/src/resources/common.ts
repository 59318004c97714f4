import { errors } from '../errors';
import { ArmRequest, EmulatorContext, StoredResource } from '../server/context';
import { header } from '../util';

/** Applies If-Match / If-None-Match against the current eTag. */
export function checkPreconditions(
  req: ArmRequest,
  existing: StoredResource | undefined,
) {
  const ifMatch = header(req.headers, 'if-match');
  const ifNoneMatch = header(req.headers, 'if-none-match');
  if (ifNoneMatch !== undefined && existing) {
    const tags = ifNoneMatch.split(',').map(s => s.trim().replace(/"/g, ''));
    if (tags.includes('*') || tags.includes(existing.eTag)) {
      throw errors.preconditionFailed(
        `The resource '${existing.name}' already exists and If-None-Match was '${ifNoneMatch}'.`,
      );
    }
  }
  if (ifMatch !== undefined) {
    const tags = ifMatch.split(',').map(s => s.trim().replace(/"/g, ''));
    if (!existing) {
      throw errors.preconditionFailed(
        `The resource does not exist and If-Match was '${ifMatch}'.`,
      );
    }
    if (!tags.includes('*') && !tags.includes(existing.eTag)) {
      throw errors.preconditionFailed(
        `The specified precondition If-Match '${ifMatch}' failed: the current eTag of '${existing.name}' is '${existing.eTag}'.`,
      );
    }
  }
}

/** A page `{ value, nextLink? }` with a `$skiptoken` in nextLink; `render` turns each item of the page into what the API returns. */
export function pageOf<T, R = T>(
  ctx: EmulatorContext,
  req: ArmRequest,
  items: T[],
  render: (item: T) => R = item => item as unknown as R,
): { value: R[]; nextLink?: string } {
  const token = req.query.get('$skiptoken');
  let skip = 0;
  if (token) {
    skip = Number(Buffer.from(token, 'base64url').toString('utf8'));
    if (!Number.isInteger(skip) || skip < 0) {
      throw errors.invalidParameter(
        '$skiptoken',
        `The value of parameter $skiptoken '${token}' is invalid.`,
      );
    }
  }
  const top = Number(req.query.get('$top')) || ctx.config.pageSize;
  const size = Math.max(1, Math.min(top, ctx.config.pageSize));
  // Only the page is rendered: a list of thousands costs one page's rendering per request.
  const value = items.slice(skip, skip + size).map(render);
  const page: { value: R[]; nextLink?: string } = { value };
  if (skip + size < items.length) {
    const next = Buffer.from(String(skip + size), 'utf8').toString('base64url');
    page.nextLink = `${req.baseUrl}${req.path}?api-version=${encodeURIComponent(
      req.apiVersion,
    )}&$skiptoken=${next}`;
  }
  return page;
}

export function resourcesOfKind(
  ctx: EmulatorContext,
  filter: (r: StoredResource) => boolean,
): StoredResource[] {
  return [...ctx.state.resources.values()]
    .filter(filter)
    .sort((a, b) => a.createdSeq - b.createdSeq);
}

export function eq(a: string | undefined, b: string | undefined) {
  return (a ?? '').toLowerCase() === (b ?? '').toLowerCase();
}

/** The tenant every identity the emulator hands out belongs to. */
export const TENANT_ID = '00000000-0000-0000-0000-0000000000f1';

/**
 * Who made a write. Every bearer token is the same caller to the emulator:
 * `createdBy`/`updatedBy` of role definitions and assignments, `systemData`.
 */
export const CALLER_OBJECT_ID = '00000000-0000-0000-0000-00000000ca11';

/** ARM's `systemData`: created* kept from the previous version, lastModified* now. */
export function systemData(now: number, previous?: Record<string, any>) {
  const at = new Date(now).toISOString();
  return {
    createdBy: previous?.createdBy ?? CALLER_OBJECT_ID,
    createdByType: previous?.createdByType ?? 'Application',
    createdAt: previous?.createdAt ?? at,
    lastModifiedBy: CALLER_OBJECT_ID,
    lastModifiedByType: 'Application',
    lastModifiedAt: at,
  };
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isGuid(value: unknown): value is string {
  return typeof value === 'string' && GUID.test(value);
}

/** A Kubernetes DNS-1123 label: lower-case alphanumerics and '-', at most 63 characters. */
export function isDnsLabel(value: unknown): value is string {
  return (
    typeof value === 'string' &&
    value.length <= 63 &&
    /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(value)
  );
}

/**
 * Clauses of an OData `$filter` joined by `and`, e.g.
 * `atScope() and principalId eq 'x'` → [{ fn: 'atScope' }, { field: 'principalId', value: 'x' }].
 * Returns undefined for anything else.
 */
export function parseFilter(
  filter: string | null,
): Array<{ fn: string } | { field: string; value: string }> | undefined {
  if (!filter || !filter.trim()) return [];
  const clauses = filter.split(/\s+and\s+/i);
  const out: Array<{ fn: string } | { field: string; value: string }> = [];
  for (const clause of clauses) {
    const fn = /^\s*(\w+)\(\s*\)\s*$/.exec(clause);
    if (fn) {
      out.push({ fn: fn[1] });
      continue;
    }
    const cmp = /^\s*(\w+)\s+eq\s+'((?:[^']|'')*)'\s*$/i.exec(clause);
    if (!cmp) return undefined;
    out.push({ field: cmp[1], value: cmp[2].replace(/''/g, "'") });
  }
  return out;
}
