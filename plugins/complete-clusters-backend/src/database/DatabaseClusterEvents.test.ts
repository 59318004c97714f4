import { request, testStores } from './__testUtils__/storeTests';

jest.setTimeout(60_000);

describe('DatabaseClusterEvents', () => {
  const { databases, createStore } = testStores();

  describe.each(databases.eachSupportedId())('on %s', databaseId => {
    it('pages events newest last with a cursor, and prunes old ones except decisions', async () => {
      const store = await createStore(databaseId);
      const { cluster } = await store.requestCluster(
        request({ name: 'chatty' }),
      );
      await store.appendEvent({
        clusterId: cluster.id,
        phase: 'Pending',
        level: 'info',
        message: 'Requested',
        decision: true,
      });
      for (let i = 1; i <= 7; i++)
        await store.appendEvent({
          clusterId: cluster.id,
          phase: 'Pending',
          level: 'info',
          message: `step ${i}`,
        });
      const latest = await store.listEventPage(cluster.id, { limit: 3 });
      expect(latest.events.map(e => e.message)).toEqual([
        'step 5',
        'step 6',
        'step 7',
      ]);
      const older = await store.listEventPage(cluster.id, {
        limit: 3,
        before: latest.before,
      });
      expect(older.events.map(e => e.message)).toEqual([
        'step 2',
        'step 3',
        'step 4',
      ]);
      const first = await store.listEventPage(cluster.id, {
        limit: 3,
        before: older.before,
      });
      expect(first.events.map(e => e.message)).toEqual(['Requested', 'step 1']);
      expect(first.before).toBeUndefined();

      expect(await store.pruneEvents(new Date(Date.now() - 3_600_000))).toBe(0);
      expect(await store.pruneEvents(new Date(Date.now() + 60_000))).toBe(7);
      expect((await store.listEvents(cluster.id)).map(e => e.message)).toEqual([
        'Requested',
      ]);
    });
  });
});
