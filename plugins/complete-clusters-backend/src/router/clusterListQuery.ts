import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import { CLUSTER_PHASES } from '@complete-clusters/plugin-complete-clusters-common';
import type { ClusterPhase } from '@complete-clusters/plugin-complete-clusters-common';
import { isRealUtcTime } from '../database/realUtcTime';

/** Clusters per page of `GET /clusters` unless `limit` says. */
export const DEFAULT_CLUSTER_PAGE = 50;
/** The most `limit` may ask for. */
export const MAX_CLUSTER_PAGE = 500;

/** What `GET /clusters` was asked, checked. */
export interface ClusterListQuery {
  /** `me`: owned by the caller or one of their groups; else an entity ref. */
  owner?: string;
  /** A ClusterTemplate's entity ref. */
  template?: string;
  phases?: ClusterPhase[];
  /** Only clusters changed since (ISO 8601), deleted ones included: what a follower of changes asks. */
  changedSince?: string;
  limit: number;
  cursor?: string;
}

function one(query: Record<string, unknown>, key: string): string | undefined {
  const value = query[key];
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || value === '')
    throw new InputError(
      `${key}: give it once, as a non-empty value (got ${JSON.stringify(
        value,
      )}).`,
    );
  return value;
}

function entityRef(value: string, key: string, defaultKind: string): string {
  try {
    return stringifyEntityRef(
      parseEntityRef(value, { defaultKind, defaultNamespace: 'default' }),
    ).toLocaleLowerCase('en-US');
  } catch {
    throw new InputError(
      `${key}: "${value}" is not an entity ref. Fix: give one such as ${defaultKind}:default/name${
        key === 'owner' ? ', or me' : ''
      }.`,
    );
  }
}

/** An ISO 8601 date-time with seconds optional, its fraction and an offset (Z or ±hh:mm). */
const ISO_TIME =
  /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(?:Z|[+-](\d{2}):(\d{2}))$/;
/** The earliest and latest instants both databases hold as given: 1970 to 9999. */
const EARLIEST = Date.UTC(1970, 0, 1);
const LATEST = Date.UTC(10000, 0, 1);

/**
 * `changedSince` as an ISO 8601 instant in UTC. Refused unless it is an ISO
 * 8601 date-time of a real day and time from 1970 to 9999: JavaScript would
 * take more (other shapes, rolled-over dates, years such as -10000) that the
 * database then refuses (a 500) or misreads.
 */
function isoTime(value: string): string {
  const parts = ISO_TIME.exec(value);
  const at = parts ? Date.parse(value) : NaN;
  if (parts && Number.isFinite(at) && at >= EARLIEST && at < LATEST) {
    // Unwritten seconds and offset count as 0; a day or time that would roll over (February 30, 24:00) is refused.
    const [year, month, day, hour, minute, second, offsetHours, offsetMinutes] =
      parts.slice(1).map(p => Number(p ?? 0));
    if (
      isRealUtcTime(year, month, day, hour, minute, second) &&
      offsetHours <= 23 &&
      offsetMinutes <= 59
    )
      return new Date(at).toISOString();
  }
  throw new InputError(
    `changedSince: "${value}" is not a time in ISO 8601 from the year 1970 to 9999. Fix: give one such as 2026-12-03T18:00:00Z.`,
  );
}

/**
 * Reads the query of `GET /clusters`: `owner` (me or an entity ref),
 * `template`, `phase` (one or several, comma-separated), `changedSince`,
 * `limit` (1 to 500, default 50) and `cursor` (the previous page's
 * nextCursor). Anything wrong is an InputError naming the parameter and the fix.
 */
export function readClusterListQuery(
  query: Record<string, unknown>,
): ClusterListQuery {
  const result: ClusterListQuery = { limit: DEFAULT_CLUSTER_PAGE };
  const owner = one(query, 'owner');
  if (owner)
    result.owner = owner === 'me' ? 'me' : entityRef(owner, 'owner', 'user');
  const template = one(query, 'template');
  if (template)
    result.template = entityRef(template, 'template', 'clustertemplate');
  const phase = one(query, 'phase');
  if (phase) {
    const phases = phase.split(',').map(p => p.trim());
    const unknown = phases.filter(
      p => !(CLUSTER_PHASES as readonly string[]).includes(p),
    );
    if (unknown.length > 0)
      throw new InputError(
        `phase: ${unknown.join(
          ', ',
        )} is not a phase. Fix: use one or more of ${CLUSTER_PHASES.join(
          ', ',
        )}, separated by commas.`,
      );
    result.phases = phases as ClusterPhase[];
  }
  const changedSince = one(query, 'changedSince');
  if (changedSince) result.changedSince = isoTime(changedSince);
  const limit = one(query, 'limit');
  if (limit !== undefined) {
    const n = Number(limit);
    if (!Number.isInteger(n) || n < 1 || n > MAX_CLUSTER_PAGE)
      throw new InputError(
        `limit: "${limit}" is not a whole number from 1 to ${MAX_CLUSTER_PAGE}. Fix: ask for at most ${MAX_CLUSTER_PAGE} clusters a page and follow nextCursor for more.`,
      );
    result.limit = n;
  }
  const cursor = one(query, 'cursor');
  if (cursor) result.cursor = cursor;
  return result;
}
