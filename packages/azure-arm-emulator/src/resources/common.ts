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

/** A page `{ value, nextLink? }` with a `$skiptoken` in nextLink. */
export function pageOf<T>(
  ctx: EmulatorContext,
  req: ArmRequest,
  items: T[],
): { value: T[]; nextLink?: string } {
  const token = req.query.get('$skiptoken');
  let skip = 0;
  if (token) {
    skip = Number(Buffer.from(token, 'base64url').toString('utf8'));
    if (!Number.isInteger(skip) || skip < 0) {
      throw errors.invalidParameter('$skiptoken', `The value of parameter $skiptoken '${token}' is invalid.`);
    }
  }
  const top = Number(req.query.get('$top')) || ctx.config.pageSize;
  const size = Math.max(1, Math.min(top, ctx.config.pageSize));
  const value = items.slice(skip, skip + size);
  const page: { value: T[]; nextLink?: string } = { value };
  if (skip + size < items.length) {
    const next = Buffer.from(String(skip + size), 'utf8').toString('base64url');
    page.nextLink = `${req.baseUrl}${req.path}?api-version=${encodeURIComponent(req.apiVersion)}&$skiptoken=${next}`;
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
