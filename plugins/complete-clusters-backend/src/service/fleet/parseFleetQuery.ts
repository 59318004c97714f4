import { InputError } from '@backstage/errors';
import {
  ENVIRONMENTS,
  FLEET_SORT_KEYS,
  isClusterPhase,
  isFleetSortKey,
} from '@complete-clusters/plugin-complete-clusters-common';
import type { FleetQuery } from '@complete-clusters/plugin-complete-clusters-common';

/** Largest page a fleet query returns; the CSV export has its own bound. */
export const FLEET_PAGE_LIMIT = 500;

const one = (
  query: Record<string, unknown>,
  key: string,
): string | undefined => {
  const value = query[key];
  if (value === undefined || value === '') return undefined;
  if (typeof value !== 'string')
    throw new InputError(
      `${key} may be given once. Fix: pass a single ${key}=... parameter.`,
    );
  return value;
};

const flag = (
  query: Record<string, unknown>,
  key: string,
): boolean | undefined => {
  const value = one(query, key);
  if (value === undefined) return undefined;
  if (value !== 'true' && value !== 'false')
    throw new InputError(`${key} must be true or false, not "${value}".`);
  return value === 'true';
};

const count = (
  query: Record<string, unknown>,
  key: string,
  min: number,
  max: number,
  fallback: number,
): number => {
  const value = one(query, key);
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!/^\d+$/.test(value) || n < min || n > max)
    throw new InputError(
      `${key} must be a whole number from ${min} to ${max}, not "${value}".`,
    );
  return n;
};

/** The query string of GET /fleet as a {@link FleetQuery}, or an InputError naming the parameter and the fix. */
export function parseFleetQuery(
  query: Record<string, unknown>,
): Required<Pick<FleetQuery, 'sort' | 'order' | 'limit' | 'offset'>> &
  FleetQuery {
  const phase = one(query, 'phase');
  if (phase !== undefined && !isClusterPhase(phase))
    throw new InputError(
      `phase "${phase}" is not a phase of a cluster. Fix: use one of the phases the clusters list shows, e.g. Ready or Failed.`,
    );
  const environment = one(query, 'environment');
  if (
    environment !== undefined &&
    !(ENVIRONMENTS as readonly string[]).includes(environment)
  ) {
    throw new InputError(
      `environment "${environment}" is not one of ${ENVIRONMENTS.join(', ')}.`,
    );
  }
  const sort = one(query, 'sort') ?? 'name';
  if (!isFleetSortKey(sort))
    throw new InputError(
      `sort "${sort}" is not a column of the fleet. Fix: use one of ${FLEET_SORT_KEYS.join(
        ', ',
      )}.`,
    );
  const order = one(query, 'order') ?? 'asc';
  if (order !== 'asc' && order !== 'desc')
    throw new InputError(`order must be asc or desc, not "${order}".`);
  const search = one(query, 'search');
  if (search !== undefined && search.length > 63)
    throw new InputError(
      'search is longer than any cluster name (63 characters). Fix: search for part of a name.',
    );
  return {
    templateOwner: one(query, 'templateOwner'),
    templateRef: one(query, 'templateRef'),
    templateVersion: one(query, 'templateVersion'),
    phase: phase as FleetQuery['phase'],
    environment,
    drift: flag(query, 'drift'),
    updateAvailable: flag(query, 'updateAvailable'),
    search,
    sort,
    order,
    limit: count(query, 'limit', 1, FLEET_PAGE_LIMIT, 50),
    offset: count(query, 'offset', 0, Number.MAX_SAFE_INTEGER, 0),
  };
}
