import type { ChildProcess } from 'child_process';
import { mockServices, TestDatabases } from '@backstage/backend-test-utils';
import type { Emulator } from '@complete-clusters/azure-arm-emulator';
import { DatabaseClusterStore } from '../database/DatabaseClusterStore';
import type { LeaseRecord } from '../database/types';
import {
  emulatorSettings,
  emulatorState,
  startTrustedEmulator,
} from '../__testUtils__/emulator';
import { developerRequest } from '../__testUtils__/exampleTemplates';
import { spawnEngine } from '../__testUtils__/engineProcess';
import { until } from '../__testUtils__/until';

jest.setTimeout(300_000);

const CLUSTERS = 20;

/** Pairs of leases on one cluster whose times overlap: when each could write, until it gave the lease back or it ran out. */
function overlappingLeases(
  leases: LeaseRecord[],
): Array<[LeaseRecord, LeaseRecord]> {
  const end = (l: LeaseRecord) =>
    Math.min(
      Date.parse(l.expiresAt),
      l.releasedAt ? Date.parse(l.releasedAt) : Infinity,
    );
  const byCluster = new Map<string, LeaseRecord[]>();
  for (const l of leases)
    byCluster.set(l.clusterId, [...(byCluster.get(l.clusterId) ?? []), l]);
  const overlaps: Array<[LeaseRecord, LeaseRecord]> = [];
  for (const list of byCluster.values()) {
    const sorted = [...list].sort(
      (a, b) => Date.parse(a.takenAt) - Date.parse(b.takenAt),
    );
    for (let i = 0; i < sorted.length; i++) {
      for (
        let j = i + 1;
        j < sorted.length && Date.parse(sorted[j].takenAt) < end(sorted[i]);
        j++
      )
        overlaps.push([sorted[i], sorted[j]]);
    }
  }
  return overlaps;
}

/**
 * Two backend replicas, each its own process, on one PostgreSQL database:
 * the database shows that both worked, and never on the same cluster at once.
 */
describe('two engine processes on one PostgreSQL database', () => {
  const databases = TestDatabases.create({ ids: ['POSTGRES_15'] });
  let emulator: Emulator;
  const children: ChildProcess[] = [];

  beforeAll(async () => {
    emulator = await startTrustedEmulator({ operationDurationMs: 300 });
  });
  afterAll(async () => {
    children.forEach(c => c.kill('SIGKILL'));
    await emulator?.close();
  });

  it.each(databases.eachSupportedId())(
    `share ${CLUSTERS} clusters on %s, each cluster held by one replica at a time`,
    async databaseId => {
      // The measure itself sees an overlap when there is one.
      const lease = (
        owner: string,
        takenAt: number,
        expiresAt: number,
        releasedAt?: number,
      ): LeaseRecord => ({
        clusterId: 'c',
        owner,
        takenAt: new Date(takenAt).toISOString(),
        expiresAt: new Date(expiresAt).toISOString(),
        ...(releasedAt
          ? { releasedAt: new Date(releasedAt).toISOString() }
          : {}),
      });
      expect(
        overlappingLeases([lease('x', 0, 5000), lease('y', 4000, 9000)]),
      ).toHaveLength(1);
      expect(
        overlappingLeases([lease('x', 0, 5000, 1000), lease('y', 4000, 9000)]),
      ).toHaveLength(0);

      const knex = await databases.init(databaseId);
      const store = await DatabaseClusterStore.create({
        database: mockServices.database({ knex }),
      });
      const names = Array.from(
        { length: CLUSTERS },
        (_, i) => `pair-${String(i + 1).padStart(2, '0')}`,
      );
      for (const name of names)
        await store.requestCluster(
          developerRequest(emulatorSettings(emulator), name),
        );

      const connection = (knex.client.config as { connection: unknown })
        .connection;
      for (const worker of ['replica-a', 'replica-b'])
        children.push(
          spawnEngine({
            worker,
            emulator,
            database: { postgres: connection },
            leaseMs: 5000,
            concurrency: 4,
          }),
        );
      const started = Date.now();
      const settled = await until(
        `all ${CLUSTERS} clusters Ready or Failed`,
        async () => {
          const all = await store.listClusters();
          return all.length === CLUSTERS &&
            all.every(c => c.phase === 'Ready' || c.phase === 'Failed')
            ? all
            : undefined;
        },
        240_000,
      );
      const seconds = (Date.now() - started) / 1000;
      children.forEach(c => c.kill('SIGKILL'));

      expect(settled.map(c => c.phase)).toEqual(names.map(() => 'Ready'));
      const leases = await store.listLeases();
      const clustersOf = (owner: string) =>
        new Set(leases.filter(l => l.owner === owner).map(l => l.clusterId));
      const a = clustersOf('replica-a');
      const b = clustersOf('replica-b');
      const overlaps = overlappingLeases(leases);
      // eslint-disable-next-line no-console
      console.log(
        `two replicas: ${CLUSTERS} clusters Ready in ${seconds.toFixed(
          1,
        )} s; leases ${leases.length} ` +
          `(replica-a ${
            leases.filter(l => l.owner === 'replica-a').length
          } on ${a.size} clusters, ` +
          `replica-b ${leases.filter(l => l.owner === 'replica-b').length} on ${
            b.size
          } clusters, both on ${[...a].filter(id => b.has(id)).length}); ` +
          `overlapping lease intervals: ${overlaps.length}`,
      );
      expect(a.size).toBeGreaterThan(0);
      expect(b.size).toBeGreaterThan(0);
      expect(overlaps).toEqual([]);
      // No step ran twice on what another replica had already done (each phase entered once per cluster).
      for (const c of settled) {
        const entered = (await store.listEvents(c.id)).filter(e =>
          /^(Creating resource group|Resource group .* is ready)/.test(
            e.message,
          ),
        );
        expect(entered).toHaveLength(2);
      }
      // And Azure saw one create per cluster: no replica started a cluster the other had.
      const state = await emulatorState(emulator);
      expect(
        state.operations.filter((o: any) => o.kind === 'managedCluster'),
      ).toHaveLength(CLUSTERS);
      await knex.destroy();
    },
  );
});
