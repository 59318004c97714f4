import type {
  Fleet,
  FleetCluster,
} from '@complete-clusters/plugin-complete-clusters-common';
import { fleetCsv } from './FleetService';

/** A fleet of one cluster per status message, the only free text a cluster's row carries. */
function fleetWithStatuses(statuses: string[]): Fleet {
  return {
    templates: [],
    totalCount: statuses.length,
    counts: { byPhase: {}, byVersion: [] },
    items: statuses.map(
      (statusMessage, i) =>
        ({
          name: `c${i}`,
          templateRef: 'clustertemplate:default/developer',
          templateVersion: '1.0.0',
          environment: 'development',
          ownerRef: 'user:default/alice',
          phase: 'Failed',
          driftCount: 0,
          statusMessage,
          updatedAt: '2026-12-04T05:00:00.000Z',
        } as unknown as FleetCluster),
    ),
  } as unknown as Fleet;
}

describe('the fleet as CSV', () => {
  it('neutralises every cell a spreadsheet would run as a formula, and quotes what would split a row', () => {
    const statuses = [
      '=HYPERLINK("https://example.com","x")',
      '+1+1',
      '-1+1',
      '@SUM(A1:A2)',
      '\t=1+1',
      '\r=1+1',
      'a, b',
      'two\nlines',
      'plain words',
    ];
    const rows = fleetCsv(fleetWithStatuses(statuses)).split('\r\n');
    const status = (i: number) => {
      const row = rows[i + 1];
      // The status is the 9th column; the cells before it hold no comma or quote.
      const cells = row.split(',');
      return cells.slice(8, cells.length - 4).join(',');
    };
    expect(statuses.map((_, i) => status(i))).toEqual([
      `"'=HYPERLINK(""https://example.com"",""x"")"`,
      `'+1+1`,
      `'-1+1`,
      `'@SUM(A1:A2)`,
      `'\t=1+1`,
      `"'\r=1+1"`,
      `"a, b"`,
      `"two\nlines"`,
      `plain words`,
    ]);
  });
});
