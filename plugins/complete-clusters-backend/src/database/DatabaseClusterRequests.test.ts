import { request, testStores } from './__testUtils__/storeTests';

jest.setTimeout(60_000);

describe('DatabaseClusterRequests', () => {
  const { databases, createStore } = testStores();

  describe.each(databases.eachSupportedId())('on %s', databaseId => {
    it('records a request once, however often it is sent', async () => {
      const store = await createStore(databaseId);
      const first = await store.requestCluster(request());
      const again = await store.requestCluster(request());
      expect(first.created).toBe(true);
      expect(again).toEqual({ cluster: first.cluster, created: false });
      expect(first.cluster).toMatchObject({
        name: 'dev-ai-1',
        phase: 'Pending',
        parameters: { gpuMaxNodes: 3 },
      });
      expect(await store.listClusters()).toHaveLength(1);
    });

    it('records exactly one cluster when the same request arrives ten times at once', async () => {
      const store = await createStore(databaseId);
      const results = await Promise.all(
        Array.from({ length: 10 }, () => store.requestCluster(request())),
      );
      expect(results.filter(r => r.created)).toHaveLength(1);
      expect(new Set(results.map(r => r.cluster.id)).size).toBe(1);
      expect(await store.listClusters()).toHaveLength(1);
    });

    it('refuses a name someone else already uses, naming who', async () => {
      const store = await createStore(databaseId);
      await store.requestCluster(request());
      await expect(
        store.requestCluster(
          request({
            requestedBy: 'user:default/alex',
            ownerRef: 'user:default/alex',
          }),
        ),
      ).rejects.toThrow(
        'The cluster name dev-ai-1 is already used by user:development/guest; choose another name.',
      );
      await expect(
        store.requestCluster(
          request({ templateRef: 'clustertemplate:default/testing' }),
        ),
      ).rejects.toThrow(
        /already have a cluster named dev-ai-1 from clustertemplate:default\/developer/,
      );
    });

    it('lists clusters by owner and keeps their events in order', async () => {
      const store = await createStore(databaseId);
      const { cluster } = await store.requestCluster(request());
      await store.requestCluster(
        request({
          name: 'team-test',
          requestedBy: 'user:default/alex',
          ownerRef: 'group:default/qa',
        }),
      );
      expect(
        (await store.listClusters({ ownerRefs: ['group:default/qa'] })).map(
          c => c.name,
        ),
      ).toEqual(['team-test']);

      await store.appendEvent({
        clusterId: cluster.id,
        phase: 'infrastructure',
        level: 'info',
        message: 'Creating resource group',
      });
      await store.appendEvent({
        clusterId: cluster.id,
        phase: 'infrastructure',
        level: 'error',
        message: 'Quota exceeded',
      });
      await store.updateCluster(cluster.id, {
        phase: 'Failed',
        statusMessage: 'Quota exceeded',
        operationState: { kind: 'watch' },
      });
      expect((await store.listEvents(cluster.id)).map(e => e.message)).toEqual([
        'Creating resource group',
        'Quota exceeded',
      ]);
      expect(await store.getCluster('dev-ai-1')).toMatchObject({
        phase: 'Failed',
        statusMessage: 'Quota exceeded',
        operationState: { kind: 'watch' },
      });
    });

    it('puts a Failed cluster back to work from its first phase, and nothing else', async () => {
      const store = await createStore(databaseId);
      const { cluster } = await store.requestCluster(
        request({ name: 'flaky' }),
      );
      expect(await store.retryCluster(cluster.id)).toBe(false);
      await store.updateCluster(cluster.id, {
        phase: 'Failed',
        statusMessage: 'Quota',
        operationState: { kind: 'poller', poller: '{}' },
        attempts: 3,
        fqdn: 'x.hcp',
      });
      expect(await store.retryCluster(cluster.id)).toBe(true);
      const again = await store.getCluster('flaky');
      expect(again).toMatchObject({
        phase: 'Pending',
        attempts: 0,
        azure: { fqdn: 'x.hcp', resourceGroup: 'rg-dev-ai-1' },
      });
      expect(again?.statusMessage).toBeUndefined();
      expect(again?.operationState).toBeUndefined();
    });
    it('resumes a Failed cluster in the phase it failed in, keeping what it installed, and resets what failed', async () => {
      const store = await createStore(databaseId);
      const { cluster } = await store.requestCluster(
        request({ name: 'half-built' }),
      );
      await store.setComponent(cluster.id, 'policy:a', {
        state: 'Installed',
        appliedHash: 'h1',
        call: {
          kind: 'policyAssignment',
          scope: '/subscriptions/s/resourceGroups/rg-half-built',
          name: 'a',
          body: {},
        },
      });
      await store.setComponent(cluster.id, 'application:b', {
        state: 'Failed',
        message: 'unable to clone',
      });
      await store.updateCluster(cluster.id, {
        phase: 'Failed',
        failedPhase: 'Applications',
        statusMessage: 'unable to clone',
      });
      expect(await store.retryCluster(cluster.id)).toBe(true);
      expect(await store.getCluster('half-built')).toMatchObject({
        phase: 'Applications',
      });
      expect(
        (await store.getCluster('half-built'))!.failedPhase,
      ).toBeUndefined();
      expect(
        (await store.listComponents(cluster.id)).map(c => [
          c.key,
          c.state,
          c.appliedHash,
        ]),
      ).toEqual([
        ['application:b', 'Pending', undefined],
        ['policy:a', 'Installed', 'h1'],
      ]);
    });

    it('records an approval decision once, and the engine only works on approved requests', async () => {
      const store = await createStore(databaseId);
      const { cluster } = await store.requestCluster(
        request({ name: 'prod-x', phase: 'AwaitingApproval' }),
      );
      expect(cluster.phase).toBe('AwaitingApproval');
      expect(await store.claimWork('w', 60_000)).toBeUndefined();
      const at = '2026-12-02T10:00:00.000Z';
      expect(
        await store.decide(cluster.id, {
          decision: 'approved',
          by: 'user:default/quinn',
          reason: 'ok',
          at,
        }),
      ).toBe(true);
      expect(
        await store.decide(cluster.id, {
          decision: 'rejected',
          by: 'user:default/paula',
          reason: 'no',
          at,
        }),
      ).toBe(false);
      expect(await store.getCluster('prod-x')).toMatchObject({
        phase: 'Pending',
        decision: {
          decision: 'approved',
          by: 'user:default/quinn',
          reason: 'ok',
          at,
        },
      });
      expect((await store.claimWork('w', 60_000))?.id).toBe(cluster.id);

      const { cluster: other } = await store.requestCluster(
        request({ name: 'prod-y', phase: 'AwaitingApproval' }),
      );
      expect(
        await store.decide(other.id, {
          decision: 'rejected',
          by: 'user:default/quinn',
          reason: 'no budget',
          at,
        }),
      ).toBe(true);
      expect(await store.getCluster('prod-y')).toMatchObject({
        phase: 'Rejected',
        statusMessage: 'Rejected by user:default/quinn: no budget',
      });
    });

    it('starts a change only on a resting cluster with no deletion pending, and a deletion at the next claim', async () => {
      const store = await createStore(databaseId);
      const { cluster } = await store.requestCluster(
        request({ name: 'day-two' }),
      );
      const change = {
        activity: 'scale' as const,
        phase: 'ManagedCluster' as const,
        parameters: { gpuMaxNodes: 3 },
        statusMessage: 'Scaling',
      };
      expect(await store.startChange(cluster.id, change, ['Ready'])).toBe(
        false,
      ); // Pending: the engine works on it
      await store.updateCluster(cluster.id, { phase: 'Ready' });
      expect(await store.startChange(cluster.id, change, ['Ready'])).toBe(true);
      expect(await store.getCluster('day-two')).toMatchObject({
        phase: 'ManagedCluster',
        activity: 'scale',
        parameters: { gpuMaxNodes: 3 },
      });

      await store.updateCluster(cluster.id, { phase: 'Ready' });
      expect(
        await store.requestDeletion(cluster.id, {
          cause: 'user',
          by: 'user:default/alice',
        }),
      ).toBe(true);
      expect(
        await store.requestDeletion(cluster.id, {
          cause: 'user',
          by: 'user:default/alice',
        }),
      ).toBe(false);
      expect(await store.startChange(cluster.id, change, ['Ready'])).toBe(
        false,
      );
      const claimed = await store.claimWork('w', 60_000);
      expect(claimed).toMatchObject({
        id: cluster.id,
        phase: 'Ready',
        deletion: { cause: 'user', by: 'user:default/alice' },
      });
      await store.updateCluster(cluster.id, { phase: 'Deleted' });
      expect(await store.listClusters()).toEqual([]);
      expect(
        (await store.listClusters({ phases: ['Deleted'] })).map(c => c.name),
      ).toEqual(['day-two']);
      expect(await store.claimWork('w2', 60_000)).toBeUndefined();
    });

    it('rebuilds a cluster once, however many ask at the same time: one new cluster holding the name, linked both ways, an event in each history', async () => {
      const store = await createStore(databaseId);
      const { cluster: old } = await store.requestCluster(request());
      const attempts = await Promise.allSettled(
        Array.from({ length: 5 }, (_, i) =>
          store.rebuildCluster(
            old.id,
            {
              ...request(),
              id: `00000000-0000-4000-8000-00000000000${i}`,
              azure: {
                ...request().azure,
                resourceGroup: `rg-dev-ai-1-${i}`,
                location: 'eastasia',
              },
            },
            {
              from: {
                clusterId: old.id,
                phase: 'Pending',
                level: 'warning',
                message: `rebuild ${i}`,
              },
              to: {
                clusterId: `00000000-0000-4000-8000-00000000000${i}`,
                phase: 'Pending',
                level: 'info',
                message: `rebuilt ${i}`,
              },
            },
            'Replaced by the rebuild in eastasia',
          ),
        ),
      );
      const won = attempts.filter(a => a.status === 'fulfilled');
      expect(won).toHaveLength(1);
      for (const lost of attempts.filter(a => a.status === 'rejected'))
        expect((lost as PromiseRejectedResult).reason.message).toMatch(
          /was rebuilt, deleted or asked to be deleted just now/,
        );
      const rebuilt = (won[0] as PromiseFulfilledResult<any>).value;
      expect(rebuilt).toMatchObject({
        name: 'dev-ai-1',
        rebuiltFrom: old.id,
        phase: 'Pending',
      });
      expect(await store.getCluster('dev-ai-1')).toMatchObject({
        id: rebuilt.id,
      });
      expect(await store.getClusterById(old.id)).toMatchObject({
        rebuiltTo: rebuilt.id,
        statusMessage: 'Replaced by the rebuild in eastasia',
      });
      expect(
        (await store.listClustersNamed('dev-ai-1')).map(c => c.id),
      ).toEqual([rebuilt.id, old.id]);
      const i = rebuilt.id.slice(-1);
      expect((await store.listEvents(old.id)).map(e => e.message)).toEqual([
        `rebuild ${i}`,
      ]);
      expect((await store.listEvents(rebuilt.id)).map(e => e.message)).toEqual([
        `rebuilt ${i}`,
      ]);
      // The list shows the cluster holding the name; a new request for the name is the same one's.
      expect(
        (await store.listClusterPage({ limit: 10 })).records.map(r => r.id),
      ).toEqual([rebuilt.id]);
      // A cluster being deleted is not rebuilt.
      await store.requestDeletion(rebuilt.id, { cause: 'expiry' });
      await expect(
        store.rebuildCluster(
          rebuilt.id,
          { ...request(), id: '00000000-0000-4000-8000-0000000000ff' },
          {
            from: {
              clusterId: rebuilt.id,
              phase: 'Pending',
              level: 'info',
              message: 'x',
            },
            to: {
              clusterId: '00000000-0000-4000-8000-0000000000ff',
              phase: 'Pending',
              level: 'info',
              message: 'x',
            },
          },
          'x',
        ),
      ).rejects.toThrow(/just now/);
      expect(
        await store.getClusterById('00000000-0000-4000-8000-0000000000ff'),
      ).toBeUndefined();
    });

    it('transfers ownership only while the cluster is as the caller saw it: same owner, resting, not replaced, not being deleted', async () => {
      const store = await createStore(databaseId);
      const { cluster } = await store.requestCluster(request());
      await store.updateCluster(cluster.id, { phase: 'Ready' });
      const principals = {
        'group:default/team-ai': {
          objectId: '00000000-0000-0000-0000-0000000000bb',
          type: 'Group' as const,
        },
      };
      const transfer = (from: string, to: string) =>
        store.transferOwnership(
          cluster.id,
          { from, to, principals, phases: ['Ready', 'Failed'] },
          {
            clusterId: cluster.id,
            phase: 'Ready',
            level: 'info',
            decision: true,
            message: `to ${to}`,
          },
        );
      const messages = async () =>
        (await store.listEvents(cluster.id)).map(e => e.message);

      // Someone else moved it first: a transfer from the owner this caller saw is refused.
      expect(
        await transfer('user:default/someone-else', 'group:default/team-ai'),
      ).toBe(false);
      expect(await transfer(cluster.ownerRef, 'group:default/team-ai')).toBe(
        true,
      );
      let now = (await store.getClusterById(cluster.id))!;
      expect(now.ownerRef).toBe('group:default/team-ai');
      expect(now.principals).toEqual(principals);
      expect(await messages()).toContain('to group:default/team-ai');

      // A change started in between (not resting): refused, nothing written.
      await store.updateCluster(now.id, { phase: 'ManagedCluster' });
      expect(
        await transfer('group:default/team-ai', 'user:default/alice'),
      ).toBe(false);
      await store.updateCluster(now.id, { phase: 'Ready' });

      // A deletion requested in between: refused.
      await store.requestDeletion(now.id, {
        cause: 'user',
        by: 'user:default/alice',
      });
      expect(
        await transfer('group:default/team-ai', 'user:default/alice'),
      ).toBe(false);
      now = (await store.getClusterById(cluster.id))!;
      expect(now.ownerRef).toBe('group:default/team-ai');
      expect(await messages()).not.toContain('to user:default/alice');
    });

    it('keeps a deleted cluster with its decisions and history when its name is used again, as a new cluster', async () => {
      const store = await createStore(databaseId);
      const { cluster: old } = await store.requestCluster(
        request({ name: 'prod-a', phase: 'AwaitingApproval' }),
      );
      await store.appendEvent({
        clusterId: old.id,
        phase: 'AwaitingApproval',
        level: 'info',
        message: 'Approved by quinn: ok',
        decision: true,
      });
      await store.decide(old.id, {
        decision: 'approved',
        by: 'user:default/quinn',
        reason: 'ok',
        at: '2026-12-02T10:00:00.000Z',
      });
      await store.updateCluster(old.id, { phase: 'Ready' });
      await store.requestDeletion(old.id, {
        cause: 'user',
        by: 'user:default/alice',
      });
      await store.updateCluster(old.id, { phase: 'Deleted' });

      // Only one live cluster per name, even when ten requests race.
      const again = await Promise.all(
        Array.from({ length: 10 }, () =>
          store.requestCluster(
            request({
              name: 'prod-a',
              requestedBy: 'user:default/bob',
              ownerRef: 'user:default/bob',
            }),
          ),
        ),
      );
      expect(again.filter(r => r.created)).toHaveLength(1);
      const fresh = again[0].cluster;
      expect(fresh.id).not.toBe(old.id);
      expect(new Set(again.map(r => r.cluster.id))).toEqual(
        new Set([fresh.id]),
      );
      expect(await store.getCluster('prod-a')).toMatchObject({
        id: fresh.id,
        phase: 'Pending',
        requestedBy: 'user:default/bob',
      });

      const history = await store.listClustersNamed('prod-a');
      expect(history.map(c => [c.id, c.phase])).toEqual([
        [fresh.id, 'Pending'],
        [old.id, 'Deleted'],
      ]);
      expect(history[1]).toMatchObject({
        decision: {
          decision: 'approved',
          by: 'user:default/quinn',
          reason: 'ok',
        },
        deletion: { cause: 'user', by: 'user:default/alice' },
      });
      expect(
        (await store.listEvents(old.id)).map(e => [e.message, e.decision]),
      ).toEqual([['Approved by quinn: ok', true]]);
    });
  });
});
