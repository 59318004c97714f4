import { mockServices } from '@backstage/backend-test-utils';
import { DatabaseClusterStore } from '../database/DatabaseClusterStore';
import { emulatorSettings, emulatorState } from '../__testUtils__/emulator';
import {
  developerRequest,
  exampleRequest,
} from '../__testUtils__/exampleTemplates';
import { killableEngines } from '../__testUtils__/killableEngines';
import { until } from '../__testUtils__/until';

jest.setTimeout(180_000);

describe('a backend process killed with SIGKILL in the middle of creating a cluster', () => {
  const engines = killableEngines({ operationDurationMs: 2500 });

  it('resumes after a restart and ends Ready with exactly one cluster in Azure', async () => {
    const store = await DatabaseClusterStore.create({
      database: mockServices.database({ knex: engines.knex }),
    });
    await store.requestCluster(
      developerRequest(
        emulatorSettings(engines.emulator),
        'killed-mid-create',
        {
          requester: 'user:default/alice',
        },
      ),
    );

    const first = engines.start('first');
    // Kill it once Azure is creating the cluster and the engine has saved the operation.
    await until('the Azure operation to be saved', async () => {
      const c = await store.getCluster('killed-mid-create');
      return c?.operationState ? c : undefined;
    });
    await engines.kill(first);
    const atKill = await emulatorState(engines.emulator);
    expect(
      atKill.operations
        .filter((o: any) => o.kind === 'managedCluster')
        .map((o: any) => o.status),
    ).toEqual(['InProgress']);

    const second = engines.start('second');
    const ready = await until('the cluster to be Ready', async () => {
      const c = await store.getCluster('killed-mid-create');
      return c?.phase === 'Ready' || c?.phase === 'Failed' ? c : undefined;
    });
    await engines.kill(second);
    expect(ready.phase).toBe('Ready');
    const state = await emulatorState(engines.emulator);
    expect(
      state.resources
        .filter((r: any) => /managedclusters$/i.test(r.type))
        .map((r: any) => r.name),
    ).toEqual(['killed-mid-create']);
    expect(
      state.operations.filter((o: any) => o.kind === 'managedCluster'),
    ).toHaveLength(1);
  });

  it.each([
    ['Policies', 'extension'],
    ['Applications', 'fluxConfiguration'],
  ] as const)(
    'killed while Azure installs the %s, resumes after a restart: Ready, each component installed once',
    async (phase, kind) => {
      const store = await DatabaseClusterStore.create({
        database: mockServices.database({ knex: engines.knex }),
      });
      const name = `killed-in-${phase.toLowerCase()}`;
      await store.requestCluster(
        exampleRequest('production', emulatorSettings(engines.emulator), name, {
          requester: 'user:default/alice',
        }),
      );

      const first = engines.start(`first-${phase}`);
      await until(
        `an Azure operation of the ${phase} phase to be saved`,
        async () => {
          const c = await store.getCluster(name);
          return c?.phase === phase &&
            JSON.stringify(c.operationState ?? {}).includes('"poller"')
            ? c
            : undefined;
        },
        150_000,
      );
      await engines.kill(first);
      const atKill = await emulatorState(engines.emulator);
      expect(
        atKill.operations.filter(
          (o: any) => o.kind === kind && o.status === 'InProgress',
        ).length,
      ).toBeGreaterThan(0);

      const second = engines.start(`second-${phase}`);
      const ready = await until(
        'the cluster to be Ready',
        async () => {
          const c = await store.getCluster(name);
          return c?.phase === 'Ready' || c?.phase === 'Failed' ? c : undefined;
        },
        150_000,
      );
      await engines.kill(second);
      expect(ready).toMatchObject({ phase: 'Ready' });
      expect((await store.listComponents(ready.id)).map(c => c.state)).toEqual(
        Array(13).fill('Installed'),
      );

      // Exactly one create per extension and Flux configuration of this cluster: none was started twice.
      const state = await emulatorState(engines.emulator);
      const mine = (o: any) =>
        o.resourceIds.some((id: string) =>
          id.includes(`/managedclusters/${name}/`),
        ) && o.action !== 'delete';
      const creates = state.operations.filter(
        (o: any) =>
          mine(o) && (o.kind === 'extension' || o.kind === 'fluxConfiguration'),
      );
      const perResource = new Map<string, number>();
      for (const o of creates)
        perResource.set(
          o.resourceIds[0],
          (perResource.get(o.resourceIds[0]) ?? 0) + 1,
        );
      expect([...perResource.values()]).toEqual(Array(6).fill(1));
    },
  );
});
