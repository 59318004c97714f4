import { request, testStores } from './__testUtils__/storeTests';

jest.setTimeout(60_000);

describe('DatabaseClusterChecks', () => {
  const { databases, createStore } = testStores();

  describe.each(databases.eachSupportedId())('on %s', databaseId => {
    it('keeps drift, GitOps checks and expiry warnings', async () => {
      const store = await createStore(databaseId);
      const { cluster } = await store.requestCluster(
        request({ name: 'ttl', expiresAt: '2026-12-09T10:00:00.000Z' }),
      );
      expect(cluster.expiresAt).toBe('2026-12-09T10:00:00.000Z');
      await store.requestCluster(request({ name: 'no-ttl' }));
      expect(
        (await store.listClusters({ expiring: true })).map(c => c.name),
      ).toEqual(['ttl']);
      const items = [
        {
          layer: 'infrastructure' as const,
          field: 'nodePools.gpu.maxCount',
          expected: '2',
          actual: '8',
        },
      ];
      await store.setDrift(cluster.id, {
        checkedAt: '2026-12-02T10:00:00.000Z',
        items,
      });
      await store.touchDriftChecks([cluster.id], '2026-12-02T10:05:00.000Z');
      await store.markGitOpsChecked([cluster.id], '2026-12-02T10:06:00.000Z');
      await store.setExpiryWarned(cluster.id, '2026-12-08T10:00:00.000Z');
      expect(await store.getCluster('ttl')).toMatchObject({
        drift: { checkedAt: '2026-12-02T10:05:00.000Z', items },
        gitopsCheckedAt: '2026-12-02T10:06:00.000Z',
        expiryWarnedAt: '2026-12-08T10:00:00.000Z',
      });
    });
  });
});
