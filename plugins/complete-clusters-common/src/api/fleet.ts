/**
 * The columns a fleet query sorts by.
 * @public
 */
export const FLEET_SORT_KEYS = [
  'name',
  'templateVersion',
  'environment',
  'ownerRef',
  'phase',
  'updatedAt',
] as const;

/** @public */
export type FleetSortKey = (typeof FLEET_SORT_KEYS)[number];

/** @public */
export function isFleetSortKey(value: unknown): value is FleetSortKey {
  return (
    typeof value === 'string' &&
    (FLEET_SORT_KEYS as readonly string[]).includes(value)
  );
}
