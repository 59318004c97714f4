import { mockServices, TestDatabases } from '@backstage/backend-test-utils';
import type { Emulator } from '@complete-clusters/azure-arm-emulator';
import { azureClientsBySubscription } from '../../azure/createAzureClients';
import { DatabaseClusterStore } from '../../database/DatabaseClusterStore';
import {
  emulatorSettings,
  startTrustedEmulator,
  TEST_PLATFORM,
} from '../../__testUtils__/emulator';
import { developerRequest } from '../../__testUtils__/exampleTemplates';
import { Reconciler } from '../Reconciler';
import { DriftDetector } from './DriftDetector';

jest.setTimeout(180_000);

describe('drift checks shared by replicas', () => {
  const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });
  let emulator: Emulator;

  beforeAll(async () => {
    emulator = await startTrustedEmulator({ operationDurationMs: 50 });
  });
  afterAll(() => emulator?.close());

  it.each(databases.eachSupportedId())(
    'on %s, each cycle reads the GitOps components of the clusters least recently read, whichever replica runs it',
    async databaseId => {
      await fetch(`${emulator.url}/_emulator/reset`, { method: 'POST' });
      const knex = await databases.init(databaseId);
      const store = await DatabaseClusterStore.create({
        database: mockServices.database({ knex }),
      });
      const names = ['drift-e', 'drift-d', 'drift-c', 'drift-b', 'drift-a'];
      for (const name of names)
        await store.requestCluster(
          developerRequest(emulatorSettings(emulator), name),
        );
      const clientsFor = azureClientsBySubscription(emulatorSettings(emulator));
      const engine = new Reconciler({
        store,
        clientsFor,
        settings: {
          pollIntervalMs: 20,
          leaseMs: 60_000,
          concurrency: 5,
          maxAttempts: 6,
        },
        platform: TEST_PLATFORM,
        logger: mockServices.logger.mock(),
        workerId: 'builder',
      });
      for (
        let i = 0;
        i < 3000 &&
        (await store.listClusters({ phases: ['Ready'] })).length < names.length;
        i++
      ) {
        await engine.wake();
        await new Promise(r => setTimeout(r, 10));
      }
      expect(
        (await store.listClusters({ phases: ['Ready'] }))
          .map(c => c.name)
          .sort(),
      ).toEqual([...names].sort());

      // Two replicas' detectors, each with nothing in memory: only the database says who was read when.
      const detector = () =>
        new DriftDetector({
          store,
          clientsFor,
          platform: TEST_PLATFORM,
          logger: mockServices.logger.mock(),
          deepChecksPerCycle: 2,
        });
      const readBy = async (d: DriftDetector) => {
        const before = new Map(
          (await store.listClusters()).map(c => [c.name, c.gitopsCheckedAt]),
        );
        const report = await d.runCycle();
        expect(report.deepChecked).toBe(2);
        await new Promise(r => setTimeout(r, 1100)); // SQLite keeps whole seconds apart cleanly
        return (await store.listClusters())
          .filter(c => c.gitopsCheckedAt !== before.get(c.name))
          .map(c => c.name)
          .sort();
      };
      const [a, b] = [detector(), detector()];
      expect(await readBy(a)).toEqual(['drift-a', 'drift-b']); // never read: by name
      expect(await readBy(b)).toEqual(['drift-c', 'drift-d']); // b goes on where a stopped
      expect(await readBy(a)).toEqual(['drift-a', 'drift-e']); // drift-e never read; then the oldest read
      expect(await readBy(b)).toEqual(['drift-b', 'drift-c']);
      await knex.destroy();
    },
  );
});
