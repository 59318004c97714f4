import { mockServices, TestDatabases } from '@backstage/backend-test-utils';
import {
  createDefaultHttpClient,
  createHttpHeaders,
  RestError,
} from '@azure/core-rest-pipeline';
import type { HttpClient, PipelineRequest } from '@azure/core-rest-pipeline';
import type { Emulator } from '@complete-clusters/azure-arm-emulator';
import { X509Certificate } from 'node:crypto';
import { DatabaseClusterStore } from '../database/DatabaseClusterStore';
import type { ClusterStore } from '../database/types';
import { azureClientsBySubscription } from '../azure/createAzureClients';
import {
  emulatorSettings,
  startTrustedEmulator,
  TEST_PLATFORM,
} from '../__testUtils__/emulator';
import { exampleRequest } from '../__testUtils__/exampleTemplates';
import { Reconciler } from './Reconciler';

jest.setTimeout(120_000);

const CREDENTIAL_CALL = /\/listClusterUserCredential\?/i;

const MANAGED_CLUSTER_READ = /\/managedClusters\/[^/?]+\?/i;

/**
 * The production transport, with a way to make Azure refuse the credential
 * call: `refusals` answers (status, code) are given, in order, to the next
 * listClusterUserCredential requests instead of sending them; and, with
 * `fqdnAs`, a way to make Azure's reads of a managed cluster give that fqdn.
 */
function transport(
  refusals: Array<{ status: number; code: string; retryAfter?: string }>,
  sent: string[],
  fqdnAs?: string,
): HttpClient {
  const inner = createDefaultHttpClient();
  return {
    async sendRequest(request: PipelineRequest) {
      if (CREDENTIAL_CALL.test(request.url)) {
        sent.push(request.method);
        const refusal = refusals.shift();
        if (refusal) {
          const response = {
            status: refusal.status,
            headers: createHttpHeaders({
              'retry-after': refusal.retryAfter ?? '0',
            }),
            request,
          };
          throw new RestError(`${refusal.code} (test)`, {
            code: refusal.code,
            statusCode: refusal.status,
            request,
            response,
          });
        }
      }
      const response = await inner.sendRequest(request);
      if (
        fqdnAs !== undefined &&
        request.method === 'GET' &&
        MANAGED_CLUSTER_READ.test(request.url) &&
        response.bodyAsText
      ) {
        const body = JSON.parse(response.bodyAsText);
        if (body.properties?.fqdn) body.properties.fqdn = fqdnAs;
        response.bodyAsText = JSON.stringify(body);
      }
      return response;
    },
  };
}

describe("the engine records each cluster's API server host and CA from Azure", () => {
  const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });
  let emulator: Emulator;

  beforeAll(async () => {
    emulator = await startTrustedEmulator({ operationDurationMs: 100 });
  });
  afterAll(() => emulator?.close());

  /** The CA the emulator made for the cluster: what Azure would hand any client of it. */
  function emulatorCa(name: string): string | undefined {
    return [...emulator.state.resources.values()].find(
      r => r.kind === 'managedCluster' && r.name === name,
    )?.certificateAuthority;
  }

  function reconciler(
    store: ClusterStore,
    refusals: Parameters<typeof transport>[0] = [],
    sent: string[] = [],
    fqdnAs?: string,
  ) {
    const logger = mockServices.logger.mock();
    const engine = new Reconciler({
      store,
      clientsFor: azureClientsBySubscription(emulatorSettings(emulator), {
        httpClient: transport(refusals, sent, fqdnAs),
      }),
      settings: {
        pollIntervalMs: 30,
        leaseMs: 60_000,
        concurrency: 10,
        maxAttempts: 6,
      },
      platform: TEST_PLATFORM,
      logger,
      workerId: 'w1',
    });
    return { engine, logger };
  }

  async function settle(engine: Reconciler, store: ClusterStore, name: string) {
    for (let i = 0; i < 3000; i++) {
      await engine.wake();
      const cluster = (await store.getCluster(name))!;
      if (cluster.phase === 'Ready' || cluster.phase === 'Failed')
        return cluster;
      await new Promise(r => setTimeout(r, 10));
    }
    throw new Error(`${name} did not settle`);
  }

  describe.each(databases.eachSupportedId())('on %s', databaseId => {
    const tag = databaseId.toLowerCase().replace(/_/g, '');
    async function createStore() {
      const knex = await databases.init(databaseId);
      return {
        knex,
        store: await DatabaseClusterStore.create({
          database: mockServices.database({ knex }),
        }),
      };
    }

    it('gives two Ready clusters each its own CA, the one Azure lists, and keeps nothing else of the kubeconfig', async () => {
      const { knex, store } = await createStore();
      const { engine, logger } = reconciler(store);
      await store.requestCluster(
        exampleRequest('developer', emulatorSettings(emulator), `ca-a-${tag}`),
      );
      await store.requestCluster(
        exampleRequest('developer', emulatorSettings(emulator), `ca-b-${tag}`),
      );
      const a = await settle(engine, store, `ca-a-${tag}`);
      const b = await settle(engine, store, `ca-b-${tag}`);
      expect([a.phase, b.phase]).toEqual(['Ready', 'Ready']);

      expect(a.azure.certificateAuthority).toBe(emulatorCa(a.name));
      expect(b.azure.certificateAuthority).toBe(emulatorCa(b.name));
      expect(new X509Certificate(a.azure.certificateAuthority!).ca).toBe(true);
      expect(a.azure.certificateAuthority).not.toBe(
        b.azure.certificateAuthority,
      );
      expect(a.azure.fqdn).toMatch(/\.azmk8s\.io$/);

      // Nothing of the user entry (kubelogin command, tenant) nor the kubeconfig itself, at rest or in the logs.
      const rows = JSON.stringify([
        await knex('cluster_requests').select(),
        await knex('cluster_events').select(),
      ]);
      expect(rows).not.toMatch(
        /kubelogin|certificate-authority-data|clusterUser_|apiVersion: v1/,
      );
      const logged = JSON.stringify([
        logger.info.mock.calls,
        logger.warn.mock.calls,
        logger.error.mock.calls,
        logger.debug.mock.calls,
      ]);
      expect(logged).not.toMatch(
        /kubelogin|certificate-authority-data|BEGIN CERTIFICATE/,
      );
    });

    it('tries the credential call again after a passing failure, resuming from what it stored, and still records the CA', async () => {
      const { store } = await createStore();
      const sent: string[] = [];
      const name = `ca-retry-${tag}`;
      // The first engine sees Azure fail for a moment (come back in 2 s), then "crashes" (is
      // dropped); a second one, sharing only the database, carries on.
      const first = reconciler(
        store,
        [{ status: 503, code: 'ServiceUnavailable', retryAfter: '2' }],
        sent,
      );
      await store.requestCluster(
        exampleRequest('developer', emulatorSettings(emulator), name),
      );
      for (let i = 0; i < 3000 && sent.length < 1; i++) {
        await first.engine.wake();
        await new Promise(r => setTimeout(r, 10));
      }
      const between = (await store.getCluster(name))!;
      expect(between.phase).toBe('ManagedCluster');
      expect(between.azure.certificateAuthority).toBeUndefined();
      expect(between.statusMessage).toMatch(/Trying again/);
      // A crash ends the process: its wake for Azure's Retry-After never comes (left running, it woke
      // beside the second engine under the same worker id, once leaving the cluster Ready without its CA).
      await first.engine.stop();

      const second = reconciler(store, [], sent);
      const ready = await settle(second.engine, store, name);
      expect(ready.phase).toBe('Ready');
      expect(ready.azure.certificateAuthority).toBe(emulatorCa(name));
      expect(sent.length).toBeGreaterThanOrEqual(2);
    });

    it('records the CA again when a repair re-applies the managed cluster, also for a cluster that has none yet', async () => {
      const { knex, store } = await createStore();
      const name = `ca-repair-${tag}`;
      const { engine } = reconciler(store);
      await store.requestCluster(
        exampleRequest('developer', emulatorSettings(emulator), name),
      );
      const ready = await settle(engine, store, name);
      // As a cluster built before the portal recorded CAs.
      await knex('cluster_requests')
        .where({ id: ready.id })
        .update({ certificate_authority: null });
      expect(
        (await store.getCluster(name))!.azure.certificateAuthority,
      ).toBeUndefined();

      const started = await store.startChange(
        ready.id,
        {
          activity: 'repair',
          phase: 'ManagedCluster',
          statusMessage: `Repairing ${name}`,
        },
        ['Ready'],
      );
      expect(started).toBe(true);
      const repaired = await settle(engine, store, name);
      // With the history's warnings and errors beside it, a failure says why: a refused read of the credential
      // is a warning there; none means the repair never read it.
      const trouble = (await store.listEvents(ready.id))
        .filter(e => e.level !== 'info')
        .map(e => e.message);
      expect({
        phase: repaired.phase,
        certificateAuthority: repaired.azure.certificateAuthority,
        trouble,
      }).toEqual({
        phase: 'Ready',
        certificateAuthority: emulatorCa(name),
        trouble: [],
      });
      expect(repaired.azure.certificateAuthority).toBe(
        ready.azure.certificateAuthority,
      );
    });

    it('keeps no API server host that is not a host name, and says so in the history', async () => {
      const { knex, store } = await createStore();
      const name = `ca-host-${tag}`;
      const fqdn = 'evil.example.com/steal?x=';
      const { engine } = reconciler(store, [], [], fqdn);
      await store.requestCluster(
        exampleRequest('developer', emulatorSettings(emulator), name),
      );
      const ready = await settle(engine, store, name);
      expect(ready.phase).toBe('Ready');
      expect(ready.azure.fqdn).toBeUndefined();
      const rows = JSON.stringify(await knex('cluster_requests').select());
      expect(rows).not.toContain('evil.example.com');
      const events = await store.listEvents(ready.id);
      expect(
        events.filter(e => e.level === 'warning').map(e => e.message),
      ).toEqual([
        `Azure gave ${name}'s API server as "${fqdn}", which is not a host name; it is not kept, and the Kubernetes plugin will not be able to reach ${name}`,
      ]);
    });

    it('goes on to Ready with a warning when Azure refuses the credentials for good', async () => {
      const { store } = await createStore();
      const name = `ca-denied-${tag}`;
      const { engine } = reconciler(store, [
        { status: 403, code: 'AuthorizationFailed' },
      ]);
      await store.requestCluster(
        exampleRequest('developer', emulatorSettings(emulator), name),
      );
      const ready = await settle(engine, store, name);
      expect(ready.phase).toBe('Ready');
      expect(ready.azure.certificateAuthority).toBeUndefined();
      const events = await store.listEvents(ready.id);
      const list: any[] = Array.isArray(events)
        ? events
        : (events as any).events;
      expect(
        list
          .filter(e => e.level === 'warning')
          .map(e => e.message)
          .join('\n'),
      ).toMatch(
        new RegExp(`The Kubernetes plugin will not be able to reach ${name}`),
      );
    });
  });
});
