import { mockServices } from '@backstage/backend-test-utils';
import knexFactory from 'knex';
import type { ClusterTemplateSpec } from '@complete-clusters/plugin-complete-clusters-common';
import type { Emulator } from '@complete-clusters/azure-arm-emulator';
import { DatabaseClusterStore } from '../database/DatabaseClusterStore';
import { azureClientsBySubscription } from '../azure/createAzureClients';
import {
  emulatorSettings,
  emulatorState,
  startTrustedEmulator,
  TEST_PLATFORM,
} from '../__testUtils__/emulator';
import { developerRequest } from '../__testUtils__/exampleTemplates';
import { Reconciler } from './Reconciler';

jest.setTimeout(60_000);

describe('when Azure refuses a cluster', () => {
  let emulator: Emulator;
  beforeAll(async () => {
    emulator = await startTrustedEmulator({ operationDurationMs: 100 });
  });
  afterAll(() => emulator?.close());
  beforeEach(() =>
    fetch(`${emulator.url}/_emulator/reset`, { method: 'POST' }),
  );

  const configure = (patch: object) =>
    fetch(`${emulator.url}/_emulator/config`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(patch),
    });

  /** Requests one developer cluster (spec changed by `edit`) and runs the engine until it rests. */
  async function build(
    name: string,
    edit: (spec: ClusterTemplateSpec) => void = () => {},
  ) {
    const knex = knexFactory({
      client: 'better-sqlite3',
      connection: ':memory:',
      useNullAsDefault: true,
    });
    const store = await DatabaseClusterStore.create({
      database: mockServices.database({ knex }),
    });
    await store.requestCluster(
      developerRequest(emulatorSettings(emulator), name, {
        requester: 'user:default/alice',
        edit,
      }),
    );
    const reconciler = new Reconciler({
      store,
      clientsFor: azureClientsBySubscription(emulatorSettings(emulator)),
      settings: {
        pollIntervalMs: 20,
        leaseMs: 60_000,
        concurrency: 1,
        maxAttempts: 6,
      },
      platform: TEST_PLATFORM,
      logger: mockServices.logger.mock(),
      workerId: 'w',
    });
    for (let i = 0; i < 500; i++) {
      await reconciler.wake();
      const c = (await store.getCluster(name))!;
      if (c.phase === 'Ready' || c.phase === 'Failed') {
        const events = await store.listEvents(c.id);
        await knex.destroy();
        return { cluster: c, events };
      }
      await new Promise(r => setTimeout(r, 10));
    }
    throw new Error(`${name} did not settle`);
  }

  it('fails at once, in plain words, when the GPU family has no quota left, and creates nothing', async () => {
    await configure({
      quotas: { southeastasia: { standardNCADSA100v4Family: 0 } },
    });
    try {
      // AKS counts the nodes a pool starts with; give the GPU pool one so the quota matters.
      const { cluster, events } = await build('no-quota', spec => {
        spec.infrastructure.nodePools[1].autoscale = { min: 1, max: 2 };
      });
      expect(cluster.phase).toBe('Failed');
      expect(cluster.attempts).toBe(1);
      expect(cluster.statusMessage).toMatch(
        /^Azure has no quota left for creating managed cluster no-quota\. Ask your platform team to raise/,
      );
      expect(cluster.statusMessage).toMatch(
        /ErrCode_InsufficientVCPUQuota: Insufficient vcpu quota requested 24, remaining 0 for family standardNCADSA100v4Family/,
      );
      expect(events.at(-1)).toMatchObject({
        level: 'error',
        phase: 'ManagedCluster',
      });
      const state = await emulatorState(emulator);
      expect(
        state.resources.filter((r: any) => /managedclusters$/i.test(r.type)),
      ).toEqual([]);
    } finally {
      await configure({ quotas: null });
    }
  });

  it('names the VM size problem when the region does not offer a size', async () => {
    const { cluster } = await build('bad-size', spec => {
      spec.infrastructure.nodePools[1].vmSize = 'Standard_NC999_nonexistent';
    });
    expect(cluster.phase).toBe('Failed');
    expect(cluster.statusMessage).toMatch(
      /^Azure does not offer a VM size of the template in its region/,
    );
    expect(cluster.statusMessage).toMatch(/Standard_NC999_nonexistent/);
  });

  it('names the region problem when Azure has no such region', async () => {
    const { cluster, events } = await build('bad-region', spec => {
      spec.infrastructure.location = 'atlantis';
    });
    expect(cluster.phase).toBe('Failed');
    expect(cluster.statusMessage).toMatch(
      /^Azure does not offer this in the template's region/,
    );
    expect(events.at(-1)?.phase).toBe('ResourceGroup');
  });
});
