import { request, testStores } from './__testUtils__/storeTests';

jest.setTimeout(60_000);

describe('DatabaseRollouts', () => {
  const { databases, createStore } = testStores();

  describe.each(databases.eachSupportedId())('on %s', databaseId => {
    it('keeps rollouts, each holding its templates while it runs', async () => {
      const store = await createStore(databaseId);
      const { cluster } = await store.requestCluster(
        request({ name: 'ttl', expiresAt: '2026-12-09T10:00:00.000Z' }),
      );
      const developer = {
        templateRef: 'clustertemplate:default/developer',
        toVersion: '1.1.0',
      };
      const rollout = await store.createRollout({
        templates: [developer],
        requestedBy: 'user:default/paula',
        state: 'Running',
        clusters: [
          {
            clusterId: cluster.id,
            name: 'ttl',
            ...developer,
            environment: 'development',
            state: 'Waiting',
          },
        ],
      });
      expect(rollout).toMatchObject({ ...developer, templates: [developer] });
      // A running rollout holds its templates: a second one that names one of them is refused, whichever replica asks.
      await expect(
        store.createRollout({
          templates: [
            {
              templateRef: 'clustertemplate:default/testing',
              toVersion: '2.0.0',
            },
            developer,
          ],
          requestedBy: 'user:default/quinn',
          state: 'Running',
          clusters: [],
        }),
      ).rejects.toThrow(
        'A rollout of clustertemplate:default/developer is already running',
      );
      const updated = [
        {
          clusterId: cluster.id,
          name: 'ttl',
          ...developer,
          environment: 'development',
          state: 'Updated' as const,
        },
      ];
      await store.updateRollout(rollout.id, {
        position: 1,
        state: 'Succeeded',
        clusters: updated,
        message: 'done',
      });
      expect(
        await store.listRollouts({
          templateRef: 'clustertemplate:default/developer',
        }),
      ).toEqual([
        expect.objectContaining({
          id: rollout.id,
          state: 'Succeeded',
          position: 1,
          message: 'done',
          clusters: updated,
        }),
      ]);
      expect(await store.listRollouts({ state: 'Running' })).toEqual([]);
      // Once it ended, its templates are free: a release of two templates, found under either.
      const release = await store.createRollout({
        templates: [
          developer,
          {
            templateRef: 'clustertemplate:default/testing',
            toVersion: '2.0.0',
          },
        ],
        requestedBy: 'user:default/paula',
        state: 'Running',
        clusters: [],
      });
      expect(
        (
          await store.listRollouts({
            templateRef: 'clustertemplate:default/testing',
          })
        ).map(r => [r.id, r.templates.map(t => t.templateRef)]),
      ).toEqual([
        [
          release.id,
          [
            'clustertemplate:default/developer',
            'clustertemplate:default/testing',
          ],
        ],
      ]);
      expect(
        (
          await store.listRollouts({
            templateRef: 'clustertemplate:default/developer',
          })
        ).map(r => r.id),
      ).toEqual(expect.arrayContaining([release.id, rollout.id]));
    });
  });
});
