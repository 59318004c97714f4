import type { AzureCall } from '../plan/types';
import { request, testStores } from './__testUtils__/storeTests';

jest.setTimeout(60_000);

describe('DatabaseClusterComponents', () => {
  const { databases, createStore } = testStores();

  describe.each(databases.eachSupportedId())('on %s', databaseId => {
    it('gives back the Azure call a component was installed by, typed, and no call for one of a kind it does not know', async () => {
      const store = await createStore(databaseId);
      const { cluster } = await store.requestCluster(request());
      const call: AzureCall = {
        kind: 'roleAssignment',
        scope:
          '/subscriptions/s/resourceGroups/rg-dev-ai-1/providers/Microsoft.ContainerService/managedClusters/dev-ai-1',
        name: '00000000-0000-0000-0000-000000000001',
        body: {
          roleDefinitionId:
            '/providers/Microsoft.Authorization/roleDefinitions/r',
          principalId: 'p',
        },
      };
      await store.setComponent(cluster.id, 'access:a', {
        state: 'Installed',
        appliedHash: 'h1',
        call,
      });
      await store.setComponent(cluster.id, 'access:b', {
        state: 'Installed',
        appliedHash: 'h2',
        call: { ...call, kind: 'somethingElse' } as unknown as AzureCall,
      });
      await store.setComponent(cluster.id, 'policy:c', { state: 'Pending' });

      expect(
        (await store.listComponents(cluster.id)).map(c => [c.key, c.call]),
      ).toEqual([
        ['access:a', call],
        ['access:b', undefined],
        ['policy:c', undefined],
      ]);
    });
  });
});
