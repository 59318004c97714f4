import fs from 'fs';
import request from 'supertest';
import type { Knex } from 'knex';
import { TestDatabases } from '@backstage/backend-test-utils';
import type { Emulator } from '@complete-clusters/azure-arm-emulator';
import { createAzureClients } from './azure/createAzureClients';
import {
  emulatorSettings,
  emulatorState,
  OTHER_TEST_SUBSCRIPTION,
  startTrustedEmulator,
  TEST_SUBSCRIPTION,
} from './__testUtils__/emulator';
import {
  copyExampleTemplates,
  startCompleteClustersBackend,
} from './__testUtils__/testBackend';
import { until } from './__testUtils__/until';

jest.setTimeout(300_000);

const ALICE = 'user:default/alice';
const PAULA = 'user:default/paula';
const QUINN = 'user:default/quinn';
const TEAM = 'group:default/platform-team';
/** Where developer clusters go, and the default until the configuration changes. */
const A = TEST_SUBSCRIPTION;
/** Production's subscription, and later the default for everything. */
const B = OTHER_TEST_SUBSCRIPTION;
/** A subscription Azure does not know (or the portal's identity cannot see). */
const UNKNOWN = '00000000-0000-0000-0000-0000000000c9';

const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });

describe.each(databases.eachSupportedId())(
  'clusters in two subscriptions on %s',
  databaseId => {
    let emulator: Emulator;
    let portal:
      | Awaited<ReturnType<typeof startCompleteClustersBackend>>
      | undefined;
    const keep = new Map<string, Knex>();
    const templatesDir = copyExampleTemplates();

    beforeAll(async () => {
      // Azure knows both subscriptions (the emulator answers any other with 404 SubscriptionNotFound).
      emulator = await startTrustedEmulator({
        operationDurationMs: 100,
        subscriptions: [A, B],
      });
    });
    afterAll(async () => {
      await portal?.stop();
      await emulator?.close();
      fs.rmSync(templatesDir, { recursive: true, force: true });
    });

    /** The portal with this `completeClusters.azure`, on the databases the previous one left. */
    async function startPortal(azure: object) {
      await portal?.stop();
      portal = await startCompleteClustersBackend({
        emulator,
        database: { databases, id: databaseId, keep },
        templatesDir,
        users: [ALICE, PAULA, QUINN],
        memberships: { [PAULA]: [TEAM], [QUINN]: [TEAM] },
        config: {
          azure: {
            endpoint: emulator.url,
            credential: emulatorSettings(emulator).credential,
            ...azure,
          },
          drift: {
            schedule: { frequency: { seconds: 1 }, timeout: { seconds: 30 } },
          },
        },
      });
    }
    const api = () => request(portal!.backend.server);
    const get = (p: string) =>
      api()
        .get(`/api/complete-clusters${p}`)
        .set('Authorization', portal!.asUser(ALICE));
    const post = (p: string, body: object, who = ALICE) =>
      api()
        .post(`/api/complete-clusters${p}`)
        .set('Authorization', portal!.asUser(who))
        .send(body);
    const cluster = async (name: string) =>
      (await get(`/clusters/${name}`)).body;
    const settled = (name: string, phases = ['Ready', 'Failed']) =>
      until(
        `${name} in ${phases.join(' or ')}`,
        async () => {
          const c = await cluster(name);
          return phases.includes(c.phase) ? c : undefined;
        },
        120_000,
      );
    /** Azure as a person with access to that subscription sees it, through the official SDK. */
    const azureIn = (subscriptionId: string) =>
      createAzureClients(emulatorSettings(emulator, subscriptionId));
    const managedCluster = (subscriptionId: string, name: string) =>
      azureIn(subscriptionId)
        .containerService.managedClusters.get(`rg-${name}`, name)
        .catch(e => e.statusCode as number) as Promise<any>;
    const resourceIdsNamed = async (name: string) =>
      (await emulatorState(emulator)).resources
        .map((r: any) => String(r.id ?? '').toLowerCase())
        .filter((id: string) => id.includes(`/resourcegroups/rg-${name}`));

    it('puts each new cluster where its environment is configured, and every later call for it where it was recorded', async () => {
      await startPortal({
        subscriptionId: A,
        subscriptions: {
          byEnvironment: { production: B },
          byTemplate: [
            {
              templateRef: 'clustertemplate:default/testing',
              subscriptionId: UNKNOWN,
            },
          ],
        },
      });

      // The dry run shows where the request would go, and whether the portal's identity can reach it, before anything is recorded.
      const plan = await post('/clusters/plan', {
        templateRef: 'clustertemplate:default/production',
        name: 'prod-in-b',
        parameters: {},
      });
      expect(plan.status).toBe(200);
      expect(plan.body.cluster.azure.subscriptionId).toBe(B);
      expect(plan.body.requests.map((r: any) => r.path.split('/')[2])).toEqual(
        plan.body.requests.map(() => B),
      );
      expect(plan.body.azureAccess).toEqual({
        subscriptionId: B,
        ok: true,
        message: `The portal's identity signs in and reads subscription ${B}; resource group rg-prod-in-b would be created.`,
      });
      const unreachable = await post('/clusters/plan', {
        templateRef: 'clustertemplate:default/testing',
        name: 'test-nowhere',
        parameters: {},
      });
      expect(unreachable.status).toBe(200);
      expect(unreachable.body.cluster.azure.subscriptionId).toBe(UNKNOWN);
      expect(unreachable.body.azureAccess).toMatchObject({
        subscriptionId: UNKNOWN,
        ok: false,
      });
      expect(unreachable.body.azureAccess.message).toMatch(
        new RegExp(
          `^Azure does not know subscription ${UNKNOWN}, or the portal's identity has no role in it\\. Fix: .*\\(Azure SubscriptionNotFound: `,
        ),
      );
      expect((await get('/clusters/test-nowhere')).status).toBe(404);

      expect(
        (
          await post('/clusters', {
            templateRef: 'clustertemplate:default/developer',
            name: 'dev-in-a',
            parameters: {},
          })
        ).status,
      ).toBe(201);
      expect(
        (
          await post('/clusters', {
            templateRef: 'clustertemplate:default/production',
            name: 'prod-in-b',
            parameters: {},
          })
        ).status,
      ).toBe(201);
      expect(
        (
          await post(
            '/clusters/prod-in-b/decision',
            { decision: 'approve', reason: 'subscription test' },
            QUINN,
          )
        ).status,
      ).toBe(200);
      expect(await settled('dev-in-a')).toMatchObject({
        phase: 'Ready',
        azure: { subscriptionId: A },
      });
      expect(await settled('prod-in-b')).toMatchObject({
        phase: 'Ready',
        azure: { subscriptionId: B },
      });
      expect(await managedCluster(A, 'dev-in-a')).toMatchObject({
        provisioningState: 'Succeeded',
      });
      expect(await managedCluster(B, 'prod-in-b')).toMatchObject({
        provisioningState: 'Succeeded',
      });
      expect(await managedCluster(B, 'dev-in-a')).toBe(404);
      expect(await managedCluster(A, 'prod-in-b')).toBe(404);

      // The platform team moves every new cluster to B; A is no longer named anywhere in the configuration.
      await startPortal({ subscriptionId: B });

      const scaled = await post('/clusters/dev-in-a/scale', {
        parameters: { gpuMaxNodes: 3 },
      });
      expect(scaled.status).toBe(200);
      expect(await settled('dev-in-a')).toMatchObject({
        phase: 'Ready',
        azure: { subscriptionId: A },
        parameters: { gpuMaxNodes: 3 },
      });
      const inA = await managedCluster(A, 'dev-in-a');
      expect(
        inA.agentPoolProfiles.find((p: any) => p.name === 'gpu'),
      ).toMatchObject({ maxCount: 3 });

      // Drift is read in every subscription that has clusters, configured or not.
      const id = `/subscriptions/${A}/resourcegroups/rg-dev-in-a/providers/Microsoft.ContainerService/managedClusters/dev-in-a`;
      await fetch(
        `${emulator.url}/_emulator/resources?id=${encodeURIComponent(id)}`,
        {
          method: 'PATCH',
          headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify({
            properties: { agentPoolProfiles: [{ name: 'gpu', maxCount: 8 }] },
          }),
        },
      );
      const drifted = await until('drift on dev-in-a', async () => {
        const c = await cluster('dev-in-a');
        return c.drift?.items?.some((i: any) => i.actual === '8')
          ? c
          : undefined;
      });
      expect(drifted.drift.items).toEqual([
        expect.objectContaining({
          field: 'nodePools.gpu.maxCount',
          expected: '3',
          actual: '8',
        }),
      ]);

      expect(
        (
          await post('/clusters', {
            templateRef: 'clustertemplate:default/developer',
            name: 'dev-in-b',
            parameters: {},
          })
        ).status,
      ).toBe(201);
      expect(await settled('dev-in-b')).toMatchObject({
        phase: 'Ready',
        azure: { subscriptionId: B },
      });
      expect(await managedCluster(B, 'dev-in-b')).toMatchObject({
        provisioningState: 'Succeeded',
      });

      expect(
        (await post('/clusters/dev-in-a/delete', { confirm: 'dev-in-a' }))
          .status,
      ).toBe(202);
      expect(await settled('dev-in-a', ['Deleted', 'Failed'])).toMatchObject({
        phase: 'Deleted',
      });
      expect(await resourceIdsNamed('dev-in-a')).toEqual([]);
      expect(await managedCluster(A, 'dev-in-a')).toBe(404);
      // The production cluster stayed in B, untouched by the move.
      expect(await managedCluster(B, 'prod-in-b')).toMatchObject({
        provisioningState: 'Succeeded',
      });
    });
  },
);
