import { InputError } from '@backstage/errors';
import { readClusterListQuery } from './clusterListQuery';

describe('readClusterListQuery changedSince', () => {
  it.each([
    ['2026-12-03T18:00:00Z', '2026-12-03T18:00:00.000Z'],
    ['2026-12-03T18:00Z', '2026-12-03T18:00:00.000Z'],
    ['2026-12-03T18:00:00.123456Z', '2026-12-03T18:00:00.123Z'],
    ['2026-12-03T19:00:00+01:00', '2026-12-03T18:00:00.000Z'],
    ['2026-12-03T13:30:00-04:30', '2026-12-03T18:00:00.000Z'],
    ['1970-01-01T00:00:00Z', '1970-01-01T00:00:00.000Z'],
    ['9999-12-31T23:59:59.999Z', '9999-12-31T23:59:59.999Z'],
    ['2028-02-29T00:00:00Z', '2028-02-29T00:00:00.000Z'],
  ])('takes %s as %s', (given, read) => {
    expect(readClusterListQuery({ changedSince: given }).changedSince).toBe(
      read,
    );
  });

  it.each([
    'yesterday',
    '2026-12-03',
    '2026-12-03 18:00:00Z',
    '2026-12-03T18:00:00',
    'Thu, 03 Dec 2026 18:00:00 GMT',
    '-010000-01-01T00:00:00Z',
    '+275760-09-13T00:00:00Z',
    '1969-12-31T23:59:59Z',
    '1970-01-01T00:30:00+01:00',
    '10000-01-01T00:00:00Z',
    '9999-12-31T23:00:00-05:00',
    '2026-02-30T00:00:00Z',
    '2026-13-01T00:00:00Z',
    '2026-12-03T24:00:00Z',
    '2026-12-03T18:60:00Z',
    '2026-12-03T18:00:60Z',
    '2026-12-03T18:00:00+24:00',
  ])('refuses %s, naming changedSince and the fix', given => {
    expect(() => readClusterListQuery({ changedSince: given })).toThrow(
      InputError,
    );
    expect(() => readClusterListQuery({ changedSince: given })).toThrow(
      /^changedSince: ".*" is not a time in ISO 8601 from the year 1970 to 9999\. Fix: give one such as 2026-12-03T18:00:00Z\.$/,
    );
  });
});
