/* eslint-disable no-console */
/**
 * Fleet view benchmark: the platform team's fleet query (the one behind
 * `GET /fleet` and `GET /fleet.csv`) over 10,000 clusters of three templates,
 * on SQLite (a file, as the embedded default keeps it) and on PostgreSQL 15
 * when one answers. The clusters are made with the real store and migrations,
 * spread over versions, environments, phases and drift. Prints, per database,
 * the median and worst time of each query the page makes: the first and the
 * last page under each sort key, every filter, a search, and the counts.
 *
 * Run: ./portal yarn bench:fleet-view   (options: BENCH_FLEET_VIEW_CLUSTERS (10000),
 * BENCH_FLEET_VIEW_RUNS (20), BENCH_POSTGRES (postgresql://postgres@127.0.0.1:5432))
 */
import knexFactory, { Knex } from 'knex';
import { mockServices } from '@backstage/backend-test-utils';
import type { FleetSortKey } from '@complete-clusters/plugin-complete-clusters-common';
import { DatabaseClusterStore } from '@complete-clusters/plugin-complete-clusters-backend/testUtils';
import type { NewClusterRequest } from '@complete-clusters/plugin-complete-clusters-backend/testUtils';
import { DatabaseFleetReader } from '@complete-clusters/plugin-complete-clusters-backend/testUtils';
import type { FleetPageQuery } from '@complete-clusters/plugin-complete-clusters-backend/testUtils';
import { sqliteFile } from './sqliteFile';

const CLUSTERS = Number(process.env.BENCH_FLEET_VIEW_CLUSTERS ?? 10_000);
const RUNS = Number(process.env.BENCH_FLEET_VIEW_RUNS ?? 20);
const POSTGRES =
  process.env.BENCH_POSTGRES ?? 'postgresql://postgres@127.0.0.1:5432';
const PAGE = 50;

const TEMPLATES = [
  {
    name: 'developer',
    environment: 'development',
    versions: ['1.0.0', '1.1.0'],
  },
  { name: 'testing', environment: 'testing', versions: ['1.0.0', '1.1.0'] },
  {
    name: 'production',
    environment: 'production',
    versions: ['2.0.0', '2.1.0'],
  },
].map(t => ({ ...t, templateRef: `clustertemplate:default/${t.name}` }));
const PHASES = [
  'Ready',
  'Ready',
  'Ready',
  'Ready',
  'Failed',
  'AwaitingApproval',
  'Applications',
];

/** A request for the `i`th cluster, with the phase the seed gives it afterwards. */
function request(i: number): Omit<NewClusterRequest, 'phase'> & {
  phase: string;
} {
  const t = TEMPLATES[i % TEMPLATES.length];
  const name = `${t.name.slice(0, 4)}-${String(i).padStart(5, '0')}`;
  return {
    name,
    templateRef: t.templateRef,
    // Two clusters in five are a version behind.
    templateVersion: t.versions[i % 5 < 2 ? 0 : 1],
    parameters: {},
    spec: {
      owner: 'group:default/platform-team',
      environment: t.environment,
    } as any,
    requestedBy: `user:default/user-${i % 200}`,
    ownerRef: `user:default/user-${i % 200}`,
    principals: {},
    azure: {
      subscriptionId: '00000000-0000-0000-0000-000000000000',
      resourceGroup: `rg-${name}`,
      resourceId: `/subscriptions/x/resourceGroups/rg-${name}/providers/Microsoft.ContainerService/managedClusters/${name}`,
      location: 'southeastasia',
    },
    phase: PHASES[i % PHASES.length],
  };
}

async function seed(knex: Knex): Promise<number> {
  const store = await DatabaseClusterStore.create({
    database: mockServices.database({ knex }),
  });
  const started = Date.now();
  for (let i = 0; i < CLUSTERS; i += 100) {
    const batch = Array.from({ length: Math.min(100, CLUSTERS - i) }, (_, k) =>
      request(i + k),
    );
    // Recorded with its phase as given, as before; the seed sets every phase below.
    await Promise.all(
      batch.map(r => store.requestCluster(r as NewClusterRequest)),
    );
  }
  for (const phase of new Set(PHASES)) {
    const names = Array.from({ length: CLUSTERS }, (_, i) => request(i))
      .filter(r => r.phase === phase)
      .map(r => r.name);
    for (let i = 0; i < names.length; i += 500)
      await knex('cluster_requests')
        .whereIn('name', names.slice(i, i + 500))
        .update({ phase });
  }
  // One cluster in ten has drifted; the other checked ones are in sync.
  const drifted = JSON.stringify([
    {
      layer: 'infrastructure',
      field: 'nodePools.system.maxCount',
      expected: '3',
      actual: '5',
    },
  ]);
  await knex('cluster_requests')
    .where('name', 'like', '%0')
    .update({ drift: drifted, drift_checked_at: new Date() });
  await knex('cluster_requests')
    .where('name', 'like', '%5')
    .update({ drift: '[]', drift_checked_at: new Date() });
  return Date.now() - started;
}

async function time(run: () => Promise<unknown>) {
  await run(); // warm
  const ms: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const start = process.hrtime.bigint();
    await run();
    ms.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  ms.sort((a, b) => a - b);
  return { median: ms[Math.floor(ms.length / 2)], worst: ms[ms.length - 1] };
}

async function measure(label: string, knex: Knex) {
  console.log(`\n## ${label}: ${CLUSTERS.toLocaleString('en')} clusters`);
  const seedMs = await seed(knex);
  console.log(`made in ${(seedMs / 1000).toFixed(1)} s through the store\n`);
  const reader = DatabaseFleetReader.create(knex);
  const templates = TEMPLATES.map(t => ({
    templateRef: t.templateRef,
    currentVersion: t.versions[1],
  }));
  const base: FleetPageQuery = {
    templates,
    sort: 'name',
    order: 'asc',
    limit: PAGE,
    offset: 0,
  };
  const last = Math.floor((CLUSTERS - 1) / PAGE) * PAGE;
  const queries: Array<[string, Partial<FleetPageQuery>]> = [];
  const sorts: FleetSortKey[] = [
    'name',
    'templateVersion',
    'environment',
    'ownerRef',
    'phase',
    'updatedAt',
  ];
  for (const sort of sorts) {
    queries.push([`first page, sort ${sort}`, { sort, order: 'asc' }]);
    queries.push([
      `last page, sort ${sort} desc`,
      { sort, order: 'desc', offset: last },
    ]);
  }
  queries.push(
    ['filter template', { templateRef: TEMPLATES[2].templateRef }],
    [
      'filter version',
      { templateRef: TEMPLATES[0].templateRef, templateVersion: '1.0.0' },
    ],
    ['filter phase Failed', { phase: 'Failed' }],
    ['filter environment', { environment: 'production' }],
    ['filter drifted', { drift: true }],
    ['filter update available', { updateAvailable: true }],
    [
      'filter update available + phase Ready, sort updatedAt desc',
      {
        updateAvailable: true,
        phase: 'Ready',
        sort: 'updatedAt',
        order: 'desc',
      },
    ],
    ['search "0042"', { search: '0042' }],
    ['CSV: every row (one query)', { limit: CLUSTERS }],
  );
  const rows: string[][] = [];
  for (const [what, q] of queries) {
    const query = { ...base, ...q };
    const { items, totalCount } = await reader.page(query);
    const t = await time(() => reader.page(query));
    rows.push([
      what,
      `${items.length} of ${totalCount}`,
      t.median.toFixed(1),
      t.worst.toFixed(1),
    ]);
  }
  const refs = templates.map(t => t.templateRef);
  const counts = await reader.counts(refs);
  const tc = await time(() => reader.counts(refs));
  rows.push([
    'counts per phase and per version',
    `${Object.keys(counts.byPhase).length} phases, ${
      counts.byVersion.length
    } versions`,
    tc.median.toFixed(1),
    tc.worst.toFixed(1),
  ]);
  const widths = [0, 1, 2, 3].map(c =>
    Math.max(
      ...[['query', 'rows', 'median ms', 'worst ms'], ...rows].map(
        r => r[c].length,
      ),
    ),
  );
  const line = (r: string[]) =>
    `| ${r
      .map((v, c) => (c < 2 ? v.padEnd(widths[c]) : v.padStart(widths[c])))
      .join(' | ')} |`;
  console.log(line(['query', 'rows', 'median ms', 'worst ms']));
  console.log(
    `|${widths
      .map((w, c) => (c < 2 ? '-'.repeat(w + 2) : `${'-'.repeat(w + 1)}:`))
      .join('|')}|`,
  );
  for (const r of rows) console.log(line(r));
}

async function main() {
  console.log(
    `Fleet view benchmark: median and worst of ${RUNS} runs per query, page size ${PAGE}`,
  );
  const { knex: sqlite, remove } = sqliteFile('bench-fleet-view-');
  try {
    await measure('SQLite (file)', sqlite);
  } finally {
    await sqlite.destroy();
    remove();
  }

  const admin = knexFactory({ client: 'pg', connection: POSTGRES });
  const database = `bench_fleet_view_${process.pid}`;
  try {
    await admin.raw(`create database ${database}`);
  } catch (e) {
    console.log(
      `\nPostgreSQL at ${POSTGRES} not measured: ${(e as Error).message}`,
    );
    await admin.destroy();
    return;
  }
  const pg = knexFactory({
    client: 'pg',
    connection: `${POSTGRES}/${database}`,
  });
  try {
    await measure('PostgreSQL', pg);
  } finally {
    await pg.destroy();
    await admin.raw(`drop database ${database}`);
    await admin.destroy();
  }
}

main().catch(e => {
  console.error(e);
  process.exit(1);
});
