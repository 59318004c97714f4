import { mockServices } from '@backstage/backend-test-utils';
import knexFactory from 'knex';
import { DatabaseClusterStore } from '../../database/DatabaseClusterStore';
import { emulatorSettings } from '../../__testUtils__/emulator';
import { developerRequest } from '../../__testUtils__/exampleTemplates';
import type { ClusterUpdater } from '../updates/ClusterUpdater';
import { RolloutRunner } from './RolloutRunner';

const settings = emulatorSettings({ url: 'https://localhost:7443' });

/**
 * The runner on a real store; the cluster updates themselves (ClusterUpdater,
 * the engine) are what the day-two test drives end to end. Here only what the
 * runner decides from what it finds in the database after a restart.
 */
async function setUp() {
  const knex = knexFactory({
    client: 'better-sqlite3',
    connection: ':memory:',
    useNullAsDefault: true,
  });
  const store = await DatabaseClusterStore.create({
    database: mockServices.database({ knex }),
  });
  const ids: Record<string, string> = {};
  for (const name of ['dev-one', 'dev-two']) {
    const { cluster } = await store.requestCluster(
      developerRequest(settings, name),
    );
    await store.updateCluster(cluster.id, { phase: 'Ready' });
    ids[name] = cluster.id;
  }
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
        clusterId: ids['dev-one'],
        name: 'dev-one',
        ...developer,
        environment: 'development',
        state: 'Waiting',
      },
      {
        clusterId: ids['dev-two'],
        name: 'dev-two',
        ...developer,
        environment: 'development',
        state: 'Waiting',
      },
    ],
  });
  const startUpdate = jest.fn(async () => undefined);
  const updater = {
    start: startUpdate,
    templateOf: async () => ({ spec: { version: '1.1.0' } }),
  } as unknown as ClusterUpdater;
  const runner = new RolloutRunner({
    store,
    updater,
    auth: mockServices.auth(),
    logger: mockServices.logger.mock(),
  });
  return { knex, store, ids, rollout, runner, startUpdate };
}

describe('RolloutRunner after a restart', () => {
  it('follows the update it started before it could save so, and stops the rollout when that update fails', async () => {
    const { knex, store, ids, rollout, runner, startUpdate } = await setUp();
    // The runner had started dev-one's update (the cluster carries the rollout's id), then the process died.
    await store.startChange(
      ids['dev-one'],
      {
        activity: 'update',
        phase: 'ManagedCluster',
        templateVersion: '1.1.0',
        rolloutId: rollout.id,
        statusMessage: 'Updating',
      },
      ['Ready'],
    );
    await store.updateCluster(ids['dev-one'], {
      phase: 'Failed',
      statusMessage: 'Azure has no quota left',
    });

    await runner.step();

    expect(startUpdate).not.toHaveBeenCalled();
    const after = await store.getRollout(rollout.id);
    expect(after).toMatchObject({
      state: 'Stopped',
      clusters: [
        { name: 'dev-one', state: 'Failed' },
        { name: 'dev-two', state: 'Waiting' },
      ],
    });
    expect(after!.message).toMatch(
      /^Stopped at dev-one \(development\), which failed: Azure has no quota left\. 1 cluster was not updated\.$/,
    );
    await knex.destroy();
  });

  it('starts each cluster once, and the next only when the one before is Ready at the new version', async () => {
    const { knex, store, ids, rollout, runner, startUpdate } = await setUp();
    await runner.step();
    expect(startUpdate).toHaveBeenCalledTimes(1);
    expect(
      (await store.getRollout(rollout.id))!.clusters.map(c => c.state),
    ).toEqual(['Updating', 'Waiting']);

    await runner.step(); // dev-one has not moved on yet (the fake started nothing): nothing new
    expect(startUpdate).toHaveBeenCalledTimes(1);

    await store.startChange(
      ids['dev-one'],
      {
        activity: 'update',
        phase: 'ManagedCluster',
        templateVersion: '1.1.0',
        statusMessage: 'Updating',
      },
      ['Ready'],
    );
    await store.updateCluster(ids['dev-one'], { phase: 'Ready' });
    await runner.step();
    expect(startUpdate).toHaveBeenCalledTimes(2);
    expect((startUpdate.mock.calls[1] as unknown[])[0]).toMatchObject({
      name: 'dev-two',
    });
    expect(
      (await store.getRollout(rollout.id))!.clusters.map(c => c.state),
    ).toEqual(['Updated', 'Updating']);
    await knex.destroy();
  });
});
