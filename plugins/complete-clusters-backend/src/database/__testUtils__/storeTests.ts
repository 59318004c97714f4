import { mockServices, TestDatabases } from '@backstage/backend-test-utils';
import { DatabaseClusterStore } from '../DatabaseClusterStore';
import type { NewClusterRequest } from '../types';

/** A developer cluster request, with `overrides`. */
export const request = (
  overrides: Partial<NewClusterRequest> = {},
): NewClusterRequest => ({
  name: 'dev-ai-1',
  templateRef: 'clustertemplate:default/developer',
  templateVersion: '1.0.0',
  parameters: { name: 'dev-ai-1', gpuMaxNodes: 3 },
  spec: { owner: 'group:default/platform-team' } as any,
  requestedBy: 'user:development/guest',
  ownerRef: 'user:development/guest',
  principals: {
    'user:development/guest': {
      objectId: '00000000-0000-0000-0000-0000000000aa',
      type: 'User',
    },
  },
  azure: {
    subscriptionId: '00000000-0000-0000-0000-000000000001',
    resourceGroup: 'rg-dev-ai-1',
    resourceId:
      '/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg-dev-ai-1/providers/Microsoft.ContainerService/managedClusters/dev-ai-1',
    location: 'southeastasia',
  },
  ...overrides,
});

/**
 * The databases each store's tests run on (SQLite and PostgreSQL), and a
 * migrated store with every concern on a fresh one. Call it in a describe block.
 */
export function testStores() {
  const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });

  async function createStore(databaseId: Parameters<typeof databases.init>[0]) {
    const knex = await databases.init(databaseId);
    return DatabaseClusterStore.create({
      database: mockServices.database({ knex }),
    });
  }

  return { databases, createStore };
}
