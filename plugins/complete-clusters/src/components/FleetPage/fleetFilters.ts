import type { FleetQuery } from '@complete-clusters/plugin-complete-clusters-common';

/** The fleet view's filters, as they stand in the page's address (so a filtered view can be linked to). */
export type FleetFilters = Pick<
  FleetQuery,
  | 'templateOwner'
  | 'templateRef'
  | 'phase'
  | 'environment'
  | 'drift'
  | 'updateAvailable'
>;

const KEYS = [
  'templateOwner',
  'templateRef',
  'phase',
  'environment',
  'drift',
  'updateAvailable',
] as const;

/** The filters a page address carries. */
export function filtersFromSearch(search: URLSearchParams): FleetFilters {
  const filters: Record<string, unknown> = {};
  for (const key of KEYS) {
    const value = search.get(key);
    if (!value) continue;
    filters[key] =
      key === 'drift' || key === 'updateAvailable' ? value === 'true' : value;
  }
  return filters as FleetFilters;
}

/** The page address's query for filters (unset ones left out). */
export function searchFromFilters(filters: FleetFilters): URLSearchParams {
  const search = new URLSearchParams();
  for (const key of KEYS) {
    const value = filters[key];
    if (value !== undefined && value !== '') search.set(key, String(value));
  }
  return search;
}
