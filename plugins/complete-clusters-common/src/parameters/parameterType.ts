import type { ConsumerParameter } from '../model/ClusterTemplate';

/** True when `value` has the type a consumer parameter declares. */
export function fitsParameterType(
  type: ConsumerParameter['type'],
  value: unknown,
): boolean {
  if (type === 'integer') return Number.isInteger(value);
  if (type === 'number')
    return typeof value === 'number' && Number.isFinite(value);
  return typeof value === type;
}
