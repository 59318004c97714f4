import { mockServices } from '@backstage/backend-test-utils';
import knexFactory from 'knex';
import { DatabaseClusterStore } from '../../database/DatabaseClusterStore';
import { emulatorSettings } from '../../__testUtils__/emulator';
import { developerRequest } from '../../__testUtils__/exampleTemplates';
import { ExpiryMonitor } from './ExpiryMonitor';

const settings = emulatorSettings({ url: 'https://localhost:7443' });
const HOUR = 3_600_000;

async function setUp() {
  const knex = knexFactory({
    client: 'better-sqlite3',
    connection: ':memory:',
    useNullAsDefault: true,
  });
  const store = await DatabaseClusterStore.create({
    database: mockServices.database({ knex }),
  });
  const requested = Date.parse('2026-12-01T09:00:00.000Z');
  // The developer template: 168 h to live, a warning 24 h before.
  const { cluster } = await store.requestCluster({
    ...developerRequest(settings, 'dev-ttl'),
    expiresAt: new Date(requested + 168 * HOUR).toISOString(),
  });
  await store.updateCluster(cluster.id, { phase: 'Ready' });
  return { knex, store, cluster, requested };
}

describe('ExpiryMonitor', () => {
  it('warns the owner once, a day before expiry, in the cluster history', async () => {
    const { knex, store, cluster, requested } = await setUp();
    let now = requested + 100 * HOUR;
    const monitor = new ExpiryMonitor({
      store,
      logger: mockServices.logger.mock(),
      now: () => now,
    });
    expect(await monitor.check()).toEqual({ warned: 0, expired: 0 });
    now = requested + 145 * HOUR;
    expect(await monitor.check()).toEqual({ warned: 1, expired: 0 });
    expect(await monitor.check()).toEqual({ warned: 0, expired: 0 });
    const events = await store.listEvents(cluster.id);
    expect(
      events.filter(e => e.level === 'warning').map(e => e.message),
    ).toEqual([
      'Cluster dev-ttl will be deleted at 2026-12-08T09:00:00.000Z, when its time to live runs out. Save what you need from it before then.',
    ]);
    expect((await store.getCluster('dev-ttl'))!.deletion).toBeUndefined();
    await knex.destroy();
  });

  it('asks the engine to delete an expired cluster, once, and wakes it', async () => {
    const { knex, store, cluster, requested } = await setUp();
    const onDeletion = jest.fn();
    const monitor = new ExpiryMonitor({
      store,
      logger: mockServices.logger.mock(),
      onDeletion,
      now: () => requested + 169 * HOUR,
    });
    expect(await monitor.check()).toEqual({ warned: 0, expired: 1 });
    expect(await monitor.check()).toEqual({ warned: 0, expired: 0 });
    expect(onDeletion).toHaveBeenCalledTimes(1);
    expect((await store.getCluster('dev-ttl'))!.deletion).toEqual({
      cause: 'expiry',
      at: expect.any(String),
    });
    expect((await store.claimWork('w', 60_000))?.id).toBe(cluster.id);
    await knex.destroy();
  });
});
