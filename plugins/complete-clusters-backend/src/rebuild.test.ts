import request from 'supertest';
import {
  coreServices,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import { TestDatabases } from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import type { Emulator } from '@complete-clusters/azure-arm-emulator';
import {
  managedClustersInAzure,
  startTrustedEmulator,
} from './__testUtils__/emulator';
import { startCompleteClustersBackend } from './__testUtils__/testBackend';
import { until } from './__testUtils__/until';

jest.setTimeout(240_000);

const ALICE = 'user:default/alice';
const BOB = 'user:default/bob';
const CAROL = 'user:default/carol';
const PAULA = 'user:default/paula';
/** The stock developer template's regions: its default, and the two others it offers. */
const FROM = 'southeastasia';
const TO = 'centralindia';
/** A region the template allows where the subscription has no A100 quota. */
const FULL = 'japaneast';

const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });

describe.each(databases.eachSupportedId())(
  'rebuilding a cluster in another region on %s',
  databaseId => {
    let emulator: Emulator;
    let portal: Awaited<ReturnType<typeof startCompleteClustersBackend>>;
    const api = () => request(portal.backend.server);
    const post = (p: string, who: string, body: unknown = {}) =>
      api()
        .post(`/api/complete-clusters${p}`)
        .set('Authorization', portal.asUser(who))
        .send(body as object);
    const cluster = async (name = 'moving') =>
      (
        await api()
          .get(`/api/complete-clusters/clusters/${name}`)
          .set('Authorization', portal.asUser(ALICE))
      ).body;
    const managedClusters = () => managedClustersInAzure(emulator);

    beforeAll(async () => {
      emulator = await startTrustedEmulator({
        operationDurationMs: 100,
        quotas: { [FULL]: { standardNCADSA100v4Family: 0 } },
      });
      // A policy: Carol, an owner through team-ai, may do anything but rebuild.
      const permissions = createServiceFactory({
        service: coreServices.permissions,
        deps: {},
        factory: () => ({
          async authorize(requests: any[], options: any) {
            const who = options?.credentials?.principal?.userEntityRef;
            return requests.map(r => ({
              result:
                r.permission.name === 'complete-clusters.cluster.rebuild' &&
                who === CAROL
                  ? AuthorizeResult.DENY
                  : AuthorizeResult.ALLOW,
            }));
          },
          async authorizeConditional(requests: any[]) {
            return requests.map(() => ({ result: AuthorizeResult.ALLOW }));
          },
        }),
      });
      portal = await startCompleteClustersBackend({
        emulator,
        database: { databases, id: databaseId },
        users: [ALICE, BOB, CAROL, PAULA],
        features: [permissions],
        memberships: {
          [ALICE]: ['group:default/team-ai'],
          [CAROL]: ['group:default/team-ai'],
          [PAULA]: ['group:default/platform-team'],
        },
      });
      const res = await post('/clusters', ALICE, {
        templateRef: 'clustertemplate:default/developer',
        name: 'moving',
        owner: 'group:default/team-ai',
        parameters: { region: FROM },
      });
      if (res.status !== 201)
        throw new Error(
          `moving was not requested: ${JSON.stringify(res.body)}`,
        );
      await until('moving Ready', async () =>
        (await cluster()).phase === 'Ready' ? true : undefined,
      );
    }, 240_000);
    afterAll(async () => {
      await portal?.stop();
      await emulator?.close();
    });

    it('offers the regions its template allows, but its own', async () => {
      const before = await cluster();
      expect(before.rebuildRegions).toEqual([TO, FULL]);
      expect(before.actions.rebuild).toBe(true);
      expect(before.actions.confirmRebuild).toBe(false);
    });

    it('refuses the same region, a region the template does not allow, a missing region, and a confirmation without a rebuild, changing nothing', async () => {
      const same = await post('/clusters/moving/rebuild', ALICE, {
        region: FROM,
      });
      expect(same.status).toBe(400);
      expect(same.body.error.message).toBe(
        `region: cluster moving is already in ${FROM}. Fix: choose another region its template allows: ${TO}, ${FULL}.`,
      );
      const other = await post('/clusters/moving/rebuild', ALICE, {
        region: 'westeurope',
      });
      expect(other.status).toBe(400);
      expect(other.body.error.message).toBe(
        `region: clustertemplate:default/developer does not allow westeurope. Fix: choose one of ${FROM}, ${TO}, ${FULL}.`,
      );
      const missing = await post('/clusters/moving/rebuild', ALICE, {});
      expect(missing.status).toBe(400);
      expect(missing.body.error.message).toMatch(/^region is missing\. Fix:/);
      // The pre-flight in the target region: no A100 quota there.
      const full = await post('/clusters/moving/rebuild', ALICE, {
        region: FULL,
      });
      expect(full.status).toBe(409);
      expect(full.body.error.code).toBe('PreflightFailed');
      expect(full.body.error.message).toMatch(/standardNCADSA100v4Family/);
      const confirm = await post('/clusters/moving/rebuild/confirm', ALICE);
      expect(confirm.status).toBe(409);
      expect(confirm.body.error.message).toBe(
        'Cluster moving was not rebuilt from another: there is no old cluster to delete.',
      );
      expect((await cluster()).azure.location).toBe(FROM);
      expect(await managedClusters()).toEqual([`moving@${FROM}`]);
    });

    it('refuses an owner the permission policy denies, and someone who does not own it', async () => {
      const carol = await post('/clusters/moving/rebuild', CAROL, {
        region: TO,
      });
      expect(carol.status).toBe(403);
      expect(carol.body.error.message).toBe(
        'You are not allowed to rebuild clusters.',
      );
      const bob = await post('/clusters/moving/rebuild', BOB, { region: TO });
      expect(bob.status).toBe(403);
      expect(bob.body.error.message).toMatch(
        /^Only the owner of cluster moving \(group:default\/team-ai\)/,
      );
      expect((await cluster()).rebuiltFrom).toBeUndefined();
    });

    it('rebuilds it in the other region, keeps both until the owner confirms, then only the new one', async () => {
      const old = await cluster();
      const res = await post('/clusters/moving/rebuild', ALICE, {
        region: TO,
        reason: 'region drill',
      });
      expect(res.status).toBe(202);
      const newId = res.body.id;
      expect(newId).not.toBe(old.id);
      expect(res.body).toMatchObject({
        name: 'moving',
        rebuiltFrom: old.id,
        templateVersion: old.templateVersion,
        ownerRef: 'group:default/team-ai',
        parameters: { ...old.parameters, region: TO },
      });
      expect(res.body.azure.resourceGroup).not.toBe(old.azure.resourceGroup);
      // The name is the new cluster's now; a second rebuild waits for the confirmation.
      const again = await post('/clusters/moving/rebuild', ALICE, {
        region: FROM,
      });
      expect(again.status).toBe(409);
      expect(again.body.error.message).toMatch(
        /waits for your confirmation to be deleted/,
      );
      // Confirming before the new one is Ready (building takes seconds) is refused, naming its phase.
      const early = await post('/clusters/moving/rebuild/confirm', ALICE);
      expect(early.status).toBe(409);
      expect(early.body.error.message).toMatch(
        new RegExp(
          `^The rebuild of moving in ${TO} is \\w+, not Ready: confirm the deletion of the old cluster in ${FROM} once the rebuild is Ready\\.$`,
        ),
      );
      const ready = await until('the rebuild Ready', async () => {
        const c = await cluster();
        return c.id === newId && c.phase === 'Ready' ? c : undefined;
      });
      expect(ready.azure.location).toBe(TO);
      expect(ready.rebuild).toMatchObject({
        from: { id: old.id, location: FROM, phase: 'Ready', deleting: false },
        to: { id: newId, location: TO, phase: 'Ready' },
        awaitingConfirmation: true,
      });
      expect(ready.actions).toMatchObject({
        rebuild: false,
        confirmRebuild: true,
      });
      expect(ready.components.every((c: any) => c.state === 'Installed')).toBe(
        true,
      );
      // One managed cluster in each region, until the owner confirms.
      expect(await managedClusters()).toEqual(
        [`moving@${FROM}`, `moving@${TO}`].sort(),
      );
      // The list and the catalog show the one holding the name.
      const mine = await api()
        .get('/api/complete-clusters/clusters?owner=me')
        .set('Authorization', portal.asUser(ALICE));
      expect(
        mine.body.items
          .filter((c: any) => c.name === 'moving')
          .map((c: any) => c.id),
      ).toEqual([newId]);
      await until('the catalog entity pointing at the rebuild', async () => {
        const e = await api()
          .get('/api/catalog/entities/by-name/resource/default/moving')
          .set('Authorization', portal.asUser(ALICE));
        return e.status === 200 &&
          e.body.metadata.annotations[
            'complete-clusters.io/azure-resource-id'
          ] === ready.azure.resourceId &&
          e.body.metadata.annotations['complete-clusters.io/phase'] === 'Ready'
          ? true
          : undefined;
      });
      const history = (
        await api()
          .get('/api/complete-clusters/clusters/moving/history')
          .set('Authorization', portal.asUser(ALICE))
      ).body;
      const replaced = history.clusters.find((c: any) => c.id === old.id);
      expect(replaced.statusMessage).toBe(
        `Replaced by the rebuild in ${TO}, waiting for your confirmation to delete`,
      );
      // The rebuild's Ready is a step in the old cluster's history too.
      expect(replaced.events).toContainEqual(
        expect.objectContaining({
          decision: true,
          message: `Its rebuild ${newId} in ${TO} is Ready and holds the name moving; this cluster waits for its owner's confirmation to be deleted`,
        }),
      );
      expect(replaced.events).toContainEqual(
        expect.objectContaining({
          decision: true,
          message: expect.stringMatching(
            new RegExp(
              `^Rebuild in ${TO} requested by ${ALICE}: region drill: cluster ${newId}`,
            ),
          ),
        }),
      );

      // A template change is planned (and rolled out) for the rebuild only, not for the cluster it replaced.
      const entity = (
        await api()
          .get(
            '/api/catalog/entities/by-name/clustertemplate/default/developer',
          )
          .set('Authorization', portal.asUser(PAULA))
      ).body;
      const plan = await post('/templates/plan', PAULA, {
        template: { ...entity, spec: { ...entity.spec, version: '1.0.1' } },
      });
      expect(plan.status).toBe(200);
      expect(plan.body.clusters.map((c: any) => [c.name, c.phase])).toEqual([
        ['moving', 'Ready'],
      ]);

      // Confirmed: the old cluster goes, with its resource group; its record and history stay.
      const carol = await post('/clusters/moving/rebuild/confirm', CAROL);
      expect(carol.status).toBe(403);
      const confirmed = await post('/clusters/moving/rebuild/confirm', ALICE);
      expect(confirmed.status).toBe(202);
      const twice = await post('/clusters/moving/rebuild/confirm', ALICE);
      expect(twice.status).toBe(409);
      expect(twice.body.error.message).toMatch(
        new RegExp(`^The old cluster of moving in ${FROM} is already`),
      );
      await until('the old cluster Deleted', async () => {
        const h = (
          await api()
            .get('/api/complete-clusters/clusters/moving/history')
            .set('Authorization', portal.asUser(ALICE))
        ).body;
        return h.clusters.find((c: any) => c.id === old.id)?.phase === 'Deleted'
          ? true
          : undefined;
      });
      expect(await managedClusters()).toEqual([`moving@${TO}`]);
      const after = await cluster();
      expect(after.id).toBe(newId);
      expect(after.phase).toBe('Ready');
      expect(after.rebuild).toBeUndefined();
      expect(after.events.map((e: any) => e.message)).toEqual(
        expect.arrayContaining([
          expect.stringMatching(/^Rebuilt from cluster /),
          `The cluster it was rebuilt from (${old.id} in ${FROM}) and its resource group ${old.azure.resourceGroup} are deleted`,
          expect.stringMatching(
            new RegExp(
              `^Deletion of the old cluster ${old.id} in ${FROM} .* confirmed by ${ALICE}`,
            ),
          ),
        ]),
      );
    });
  },
);
