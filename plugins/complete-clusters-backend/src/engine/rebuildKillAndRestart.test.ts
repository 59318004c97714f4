import { mockServices } from '@backstage/backend-test-utils';
import { DatabaseClusterStore } from '../database/DatabaseClusterStore';
import { planRebuild } from '../service/rebuild/ClusterRebuild';
import {
  emulatorSettings,
  emulatorState,
  managedClustersInAzure,
} from '../__testUtils__/emulator';
import { developerRequest } from '../__testUtils__/exampleTemplates';
import { killableEngines } from '../__testUtils__/killableEngines';
import { until } from '../__testUtils__/until';

jest.setTimeout(240_000);

/** Two of the regions the stock developer template offers: its default and another. */
const FROM = 'southeastasia';
const TO = 'centralindia';
const NEW_ID = '7e5b0a1c-0000-4000-8000-00000000a001';

describe('a backend process killed with SIGKILL in the middle of a rebuild in another region', () => {
  const engines = killableEngines({ operationDurationMs: 2500 });

  const managedClusters = () => managedClustersInAzure(engines.emulator);

  it('ends with exactly one cluster in each region until the old one is confirmed deleted, then one', async () => {
    const store = await DatabaseClusterStore.create({
      database: mockServices.database({ knex: engines.knex }),
    });
    const settings = emulatorSettings(engines.emulator);
    const { cluster: old } = await store.requestCluster(
      developerRequest(settings, 'moved', {
        requester: 'user:default/alice',
      }),
    );
    const first = engines.start('first');
    await until(
      'the old cluster Ready',
      async () => {
        const c = await store.getClusterById(old.id);
        return c?.phase === 'Ready' ? c : undefined;
      },
      150_000,
    );
    await engines.kill(first);

    // The rebuild as the API records it: the new cluster and both links in one transaction.
    const { spec, parameters, azure } = planRebuild(old, {
      parameterId: 'region',
      region: TO,
      id: NEW_ID,
      resourceGroupPrefix: settings.resourceGroupPrefix,
    });
    await store.rebuildCluster(
      old.id,
      {
        ...old,
        id: NEW_ID,
        spec,
        parameters,
        azure,
        phase: 'Pending',
      },
      {
        from: {
          clusterId: old.id,
          phase: 'Ready',
          level: 'warning',
          message: `Rebuild in ${TO} requested`,
        },
        to: {
          clusterId: NEW_ID,
          phase: 'Pending',
          level: 'info',
          message: `Rebuilt from ${old.id}`,
        },
      },
      `Replaced by the rebuild in ${TO}, waiting for your confirmation to delete`,
    );
    // Asked again (a retried request, another replica): refused, still one new cluster.
    await expect(
      store.rebuildCluster(
        old.id,
        { ...old, id: 'another', spec, parameters, azure, phase: 'Pending' },
        {
          from: {
            clusterId: old.id,
            phase: 'Ready',
            level: 'info',
            message: 'x',
          },
          to: {
            clusterId: 'another',
            phase: 'Pending',
            level: 'info',
            message: 'x',
          },
        },
        'x',
      ),
    ).rejects.toThrow(/was rebuilt, deleted or asked to be deleted just now/);
    expect((await store.listClustersNamed('moved')).map(c => c.id)).toEqual([
      NEW_ID,
      old.id,
    ]);

    // Killed while Azure creates the new managed cluster; another process resumes it.
    const second = engines.start('second');
    await until('the new managed cluster operation saved', async () => {
      const c = await store.getClusterById(NEW_ID);
      return c?.phase === 'ManagedCluster' && c.operationState ? c : undefined;
    });
    await engines.kill(second);
    const third = engines.start('third');
    const ready = await until(
      'the rebuild Ready',
      async () => {
        const c = await store.getClusterById(NEW_ID);
        return c?.phase === 'Ready' || c?.phase === 'Failed' ? c : undefined;
      },
      150_000,
    );
    expect(ready.phase).toBe('Ready');
    expect(await managedClusters()).toEqual(
      [`moved@${TO}`, `moved@${FROM}`].sort(),
    );
    expect(
      (await emulatorState(engines.emulator)).operations.filter(
        (o: any) =>
          o.kind === 'managedCluster' &&
          o.action !== 'delete' &&
          o.resourceIds.some((id: string) =>
            id.toLowerCase().includes(azure.resourceGroup.toLowerCase()),
          ),
      ),
    ).toHaveLength(1);
    // The old one stays, untouched, until confirmed.
    expect((await store.getClusterById(old.id))!.phase).toBe('Ready');

    // Confirmed; killed while Azure deletes the old resource group; resumed.
    await store.requestDeletion(old.id, {
      cause: 'user',
      by: 'user:default/alice',
    });
    await until('the old deletion operation saved', async () => {
      const c = await store.getClusterById(old.id);
      return c?.deletion && c.operationState ? c : undefined;
    });
    await engines.kill(third);
    expect(await managedClusters()).toHaveLength(2);
    engines.start('fourth');
    await until(
      'the old cluster Deleted',
      async () => {
        const c = await store.getClusterById(old.id);
        return c?.phase === 'Deleted' ? c : undefined;
      },
      150_000,
    );
    expect(await managedClusters()).toEqual([`moved@${TO}`]);
    const now = await store.getCluster('moved');
    expect(now).toMatchObject({
      id: NEW_ID,
      phase: 'Ready',
      rebuiltFrom: old.id,
    });
    // The old one's history is kept, from its build through the rebuild to its deletion.
    const history = await store.listEvents(old.id);
    expect(history.map(e => e.phase)).toEqual(
      expect.arrayContaining(['ResourceGroup', 'ManagedCluster', 'Deleted']),
    );
    expect(history.map(e => e.message)).toContain(`Rebuild in ${TO} requested`);
  });
});
