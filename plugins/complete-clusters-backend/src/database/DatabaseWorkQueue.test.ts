import { request, testStores } from './__testUtils__/storeTests';

jest.setTimeout(60_000);

describe('DatabaseWorkQueue', () => {
  const { databases, createStore } = testStores();

  describe.each(databases.eachSupportedId())('on %s', databaseId => {
    it('hands each cluster that needs work to one worker at a time, and to another when the lease expires', async () => {
      const store = await createStore(databaseId);
      await store.requestCluster(request({ name: 'one' }));
      await store.requestCluster(request({ name: 'two' }));
      const claims = await Promise.all(
        ['a', 'b', 'c', 'd'].map(w => store.claimWork(w, 60_000)),
      );
      const claimed = claims
        .filter(Boolean)
        .map(c => c!.name)
        .sort();
      expect(claimed).toEqual(['one', 'two']);

      const expiring = await createStore(databaseId);
      await expiring.requestCluster(request({ name: 'three' }));
      const first = await expiring.claimWork('a', 1);
      await new Promise(r => setTimeout(r, 20));
      expect((await expiring.claimWork('b', 60_000))?.id).toBe(first!.id);

      await expiring.updateCluster(first!.id, { phase: 'Ready' });
      await expiring.releaseLease(first!.id, 'b');
      expect(await expiring.claimWork('c', 60_000)).toBeUndefined();
    });

    it('lets only the replica holding the lease write for a cluster, status and event together or not at all', async () => {
      const store = await createStore(databaseId);
      const { cluster } = await store.requestCluster(
        request({ name: 'fenced' }),
      );
      expect((await store.claimWork('a', 1))?.id).toBe(cluster.id);
      const a = store.leasedBy('a');
      await new Promise(r => setTimeout(r, 20));
      // a's lease ran out (a slow Azure call); b takes the cluster over.
      expect((await store.claimWork('b', 60_000))?.id).toBe(cluster.id);
      const b = store.leasedBy('b');
      const event = {
        clusterId: cluster.id,
        phase: 'ResourceGroup',
        level: 'info' as const,
        message: 'from a',
      };
      await expect(
        a.updateCluster(
          cluster.id,
          { phase: 'ResourceGroup', statusMessage: 'from a' },
          event,
        ),
      ).rejects.toThrow(
        `Replica a no longer holds the lease on cluster ${cluster.id}; nothing was written`,
      );
      await expect(a.appendEvent(event)).rejects.toThrow(
        /no longer holds the lease/,
      );
      await expect(
        a.setComponent(cluster.id, 'policy:x', {
          state: 'Installed',
          appliedHash: 'h',
        }),
      ).rejects.toThrow(/no longer holds the lease/);
      expect(await store.getCluster('fenced')).toMatchObject({
        phase: 'Pending',
      });
      expect(await store.listEvents(cluster.id)).toEqual([]);
      expect(await store.listComponents(cluster.id)).toEqual([]);

      await b.updateCluster(
        cluster.id,
        { phase: 'ResourceGroup', statusMessage: 'from b' },
        { ...event, message: 'from b' },
      );
      expect(await store.getCluster('fenced')).toMatchObject({
        phase: 'ResourceGroup',
        statusMessage: 'from b',
      });
      expect((await store.listEvents(cluster.id)).map(e => e.message)).toEqual([
        'from b',
      ]);
      await store.releaseLease(cluster.id, 'b');
      await expect(
        b.updateCluster(cluster.id, { statusMessage: 'after release' }),
      ).rejects.toThrow(/no longer holds the lease/);

      const leases = await store.listLeases(cluster.id);
      expect(leases.map(l => [l.owner, !!l.releasedAt])).toEqual([
        ['a', false],
        ['b', true],
      ]);
      expect(Date.parse(leases[0].expiresAt)).toBeLessThanOrEqual(
        Date.parse(leases[1].takenAt),
      );
    });

    it('fences every write of a step, principals and components too, and leaves its reads alone', async () => {
      const store = await createStore(databaseId);
      const { cluster } = await store.requestCluster(
        request({ name: 'fenced-all' }),
      );
      expect((await store.claimWork('a', 60_000))?.id).toBe(cluster.id);
      const a = store.leasedBy('a');
      await a.setComponent(cluster.id, 'policy:x', {
        state: 'Installed',
        appliedHash: 'h',
      });
      await a.setComponent(cluster.id, 'policy:y', { state: 'Pending' });
      await store.releaseLease(cluster.id, 'a');
      await expect(
        a.setPrincipals(cluster.id, {
          'user:default/other': {
            objectId: '00000000-0000-0000-0000-0000000000bb',
            type: 'User',
          },
        }),
      ).rejects.toThrow(/no longer holds the lease/);
      await expect(a.removeComponent(cluster.id, 'policy:x')).rejects.toThrow(
        /no longer holds the lease/,
      );
      await expect(a.clearComponents(cluster.id)).rejects.toThrow(
        /no longer holds the lease/,
      );
      expect((await a.listComponents(cluster.id)).map(c => c.key)).toEqual([
        'policy:x',
        'policy:y',
      ]);
      expect((await store.getClusterById(cluster.id))!.principals).toEqual(
        request().principals,
      );
    });

    it('does not hand out a cluster again before the delay it was released with', async () => {
      const store = await createStore(databaseId);
      const { cluster } = await store.requestCluster(
        request({ name: 'waiting' }),
      );
      expect((await store.claimWork('a', 60_000))?.id).toBe(cluster.id);
      await store.releaseLease(cluster.id, 'a', 60_000);
      expect(await store.claimWork('b', 60_000)).toBeUndefined();
      await store.releaseLease(cluster.id, 'b', 60_000); // not b's lease: changes nothing
      expect(await store.claimWork('b', 60_000)).toBeUndefined();
    });
  });
});
