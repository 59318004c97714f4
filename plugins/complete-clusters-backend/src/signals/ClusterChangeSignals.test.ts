import { mockServices, TestDatabases } from '@backstage/backend-test-utils';
import type { SignalPayload } from '@backstage/plugin-signals-node';
import { CLUSTER_CHANGED_SIGNAL_CHANNEL } from '@complete-clusters/plugin-complete-clusters-common';
import { DatabaseClusterStore } from '../database/DatabaseClusterStore';
import type { NewClusterRequest } from '../database/types';
import { ClusterChangeSignals } from './ClusterChangeSignals';

jest.setTimeout(60_000);

const request = (
  name: string,
  who: { requestedBy: string; ownerRef: string },
): NewClusterRequest => ({
  name,
  templateRef: 'clustertemplate:default/developer',
  templateVersion: '1.0.0',
  parameters: { name },
  spec: { owner: 'group:default/platform-team' } as any,
  ...who,
  principals: {},
  azure: {
    subscriptionId: '00000000-0000-0000-0000-000000000001',
    resourceGroup: `rg-${name}`,
    resourceId: `/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg-${name}/providers/Microsoft.ContainerService/managedClusters/${name}`,
    location: 'southeastasia',
  },
});

/** A signals service that keeps what it was asked to publish. */
function recordingSignals() {
  const published: SignalPayload[] = [];
  return {
    published,
    service: {
      async publish(signal: SignalPayload) {
        published.push(signal);
      },
    },
  };
}

describe('ClusterChangeSignals', () => {
  const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });

  describe.each(databases.eachSupportedId())('on %s', databaseId => {
    async function setUp() {
      const knex = await databases.init(databaseId);
      const store = await DatabaseClusterStore.create({
        database: mockServices.database({ knex }),
      });
      const signals = recordingSignals();
      const notifier = new ClusterChangeSignals(
        store,
        signals.service,
        mockServices.logger.mock(),
      );
      return { store, signals, notifier };
    }

    it("tells a cluster's owner and requester, and no one else, once per change", async () => {
      const { store, signals, notifier } = await setUp();
      const team = await store.requestCluster(
        request('team-ai-1', {
          requestedBy: 'user:default/ada',
          ownerRef: 'group:default/team-ai',
        }),
      );
      await store.requestCluster(
        request('solo-1', {
          requestedBy: 'user:default/bob',
          ownerRef: 'user:default/bob',
        }),
      );

      expect(await notifier.publishChanges()).toBe(2);
      expect(signals.published).toEqual(
        expect.arrayContaining([
          {
            channel: CLUSTER_CHANGED_SIGNAL_CHANNEL,
            recipients: {
              type: 'user',
              entityRef: ['group:default/team-ai', 'user:default/ada'],
            },
            message: expect.objectContaining({
              id: team.cluster.id,
              name: 'team-ai-1',
              phase: 'Pending',
            }),
          },
          {
            channel: CLUSTER_CHANGED_SIGNAL_CHANNEL,
            recipients: { type: 'user', entityRef: ['user:default/bob'] },
            message: expect.objectContaining({ name: 'solo-1' }),
          },
        ]),
      );

      // Looked at again with nothing new: nothing signalled twice.
      expect(await notifier.publishChanges()).toBe(0);

      // One cluster moves on, twice within the same second (SQLite keeps whole seconds): both told, only it.
      signals.published.length = 0;
      await store.updateCluster(team.cluster.id, {
        phase: 'ResourceGroup',
        statusMessage: 'Creating the resource group',
      });
      expect(await notifier.publishChanges()).toBe(1);
      await store.updateCluster(team.cluster.id, {
        statusMessage: 'Resource group rg-team-ai-1 created',
      });
      expect(await notifier.publishChanges()).toBe(1);
      expect(signals.published.map(s => s.message)).toEqual([
        expect.objectContaining({ name: 'team-ai-1', phase: 'ResourceGroup' }),
        expect.objectContaining({ name: 'team-ai-1', phase: 'ResourceGroup' }),
      ]);
    });

    it('keeps looking when publishing fails: the pages still poll', async () => {
      const { store } = await setUp();
      const logger = mockServices.logger.mock();
      let fail = true;
      const published: string[] = [];
      const notifier = new ClusterChangeSignals(
        store,
        {
          async publish(signal: SignalPayload) {
            if (fail) throw new Error('events bus down');
            published.push(String(signal.message.name));
          },
        },
        logger,
      );
      await store.requestCluster(
        request('dev-1', {
          requestedBy: 'user:default/ada',
          ownerRef: 'user:default/ada',
        }),
      );
      expect(await notifier.publishChanges()).toBe(1);
      expect(logger.warn).toHaveBeenCalledWith(
        expect.stringContaining('Could not signal the change of cluster dev-1'),
      );
      fail = false;
      await store.requestCluster(
        request('dev-2', {
          requestedBy: 'user:default/ada',
          ownerRef: 'user:default/ada',
        }),
      );
      expect(await notifier.publishChanges()).toBe(1);
      expect(published).toEqual(['dev-2']);
    });

    it('signals nothing from before it started', async () => {
      const { store, signals } = await setUp();
      await store.requestCluster(
        request('old-1', {
          requestedBy: 'user:default/ada',
          ownerRef: 'user:default/ada',
        }),
      );
      const later = new ClusterChangeSignals(
        store,
        signals.service,
        mockServices.logger.mock(),
        Date.now() + 60_000,
      );
      expect(await later.publishChanges()).toBe(0);
      expect(signals.published).toEqual([]);
    });
  });
});
