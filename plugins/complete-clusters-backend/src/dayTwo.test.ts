import fs from 'fs';
import path from 'path';
import request from 'supertest';
import { TestDatabases } from '@backstage/backend-test-utils';
import type { Emulator } from '@complete-clusters/azure-arm-emulator';
import { createAzureClients } from './azure/createAzureClients';
import {
  emulatorSettings,
  emulatorState,
  startTrustedEmulator,
} from './__testUtils__/emulator';
import { startCompleteClustersBackend } from './__testUtils__/testBackend';
import { until } from './__testUtils__/until';
import { setUpStep } from './__testUtils__/setUpStep';

jest.setTimeout(240_000);

const ALICE = 'user:default/alice';
const BOB = 'user:default/bob';
const CAROL = 'user:default/carol';
/** Platform engineers: members of group:default/platform-team, which owns the templates and approves production. */
const PAULA = 'user:default/paula';
const QUINN = 'user:default/quinn';
const TEAM = 'group:default/platform-team';

const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });

describe.each(databases.eachSupportedId())(
  'day two on %s: approvals, updates, scaling, deletion, drift and rollouts',
  databaseId => {
    let emulator: Emulator;
    let portal: Awaited<ReturnType<typeof startCompleteClustersBackend>>;
    const api = () => request(portal.backend.server);

    beforeAll(async () => {
      emulator = await startTrustedEmulator({ operationDurationMs: 100 });
      portal = await startCompleteClustersBackend({
        emulator,
        database: { databases, id: databaseId },
        users: [ALICE, BOB, CAROL, PAULA, QUINN],
        memberships: { [PAULA]: [TEAM], [QUINN]: [TEAM] },
        config: {
          drift: {
            schedule: { frequency: { seconds: 1 }, timeout: { seconds: 30 } },
          },
          rollouts: {
            schedule: {
              frequency: { milliseconds: 300 },
              timeout: { seconds: 30 },
            },
          },
        },
      });
    });
    afterAll(async () => {
      await portal?.stop();
      await emulator?.close();
    });

    const get = (p: string, who: string) =>
      api()
        .get(`/api/complete-clusters${p}`)
        .set('Authorization', portal.asUser(who));
    const post = (p: string, body: unknown, who: string) =>
      api()
        .post(`/api/complete-clusters${p}`)
        .set('Authorization', portal.asUser(who))
        .send(body as object);
    const cluster = async (name: string, who = ALICE) =>
      (await get(`/clusters/${name}`, who)).body;
    const settled = (name: string, phases = ['Ready', 'Failed']) =>
      until(
        `${name} in ${phases.join(' or ')}`,
        async () => {
          const c = await cluster(name);
          return phases.includes(c.phase) ? c : undefined;
        },
        120_000,
      );
    const requestCluster = async (
      template: string,
      name: string,
      who: string,
      parameters = {},
    ) => {
      const res = await post(
        '/clusters',
        {
          templateRef: `clustertemplate:default/${template}`,
          name,
          parameters,
        },
        who,
      );
      expect(res.status).toBe(201);
      return res.body.cluster;
    };
    const azure = () => createAzureClients(emulatorSettings(emulator));
    const editTemplate = async (
      template: string,
      edit: (yaml: string) => string,
      version: string,
    ) => {
      const file = path.join(portal.templatesDir, `${template}.yaml`);
      fs.writeFileSync(file, edit(fs.readFileSync(file, 'utf8')));
      await api()
        .post('/api/catalog/refresh')
        .set('Authorization', portal.asUser(PAULA))
        .send({ entityRef: `clustertemplate:default/${template}` });
      await until(`${template} at version ${version}`, async () => {
        const res = await api()
          .get(
            `/api/catalog/entities/by-name/clustertemplate/default/${template}`,
          )
          .set('Authorization', portal.asUser(PAULA));
        return res.body?.spec?.version === version ? true : undefined;
      });
    };

    describe('approvals', () => {
      it('holds a production request until a member of the approver group approves it, with a reason, and only then builds it', async () => {
        const requested = await requestCluster(
          'production',
          'prod-approved',
          ALICE,
        );
        expect(requested).toMatchObject({ phase: 'AwaitingApproval' });
        expect(
          (await get('/approvals', QUINN)).body.items.map((c: any) => c.name),
        ).toContain('prod-approved');
        expect((await get('/approvals', BOB)).body.items).toEqual([]);

        await new Promise(r => setTimeout(r, 1500));
        expect((await cluster('prod-approved')).phase).toBe('AwaitingApproval');
        const groups = (await emulatorState(emulator)).resources.filter(
          (r: any) => r.name === 'rg-prod-approved',
        );
        expect(groups).toEqual([]);

        const byBob = await post(
          '/clusters/prod-approved/decision',
          { decision: 'approve', reason: 'looks fine' },
          BOB,
        );
        expect(byBob.status).toBe(403);
        expect(byBob.body.error.message).toBe(
          'Only members of group:default/platform-team approve requests from clustertemplate:default/production.',
        );
        expect(
          (
            await post(
              '/clusters/prod-approved/decision',
              { decision: 'approve', reason: 'mine' },
              ALICE,
            )
          ).status,
        ).toBe(403);
        const noReason = await post(
          '/clusters/prod-approved/decision',
          { decision: 'approve', reason: ' ' },
          QUINN,
        );
        expect(noReason.status).toBe(400);
        expect(noReason.body.error.message).toBe(
          'reason is missing. Fix: say why, in a few words; the requester sees it.',
        );
        expect(
          (
            await post(
              '/clusters/prod-approved/decision',
              { decision: 'maybe', reason: 'x' },
              QUINN,
            )
          ).status,
        ).toBe(400);

        const approved = await post(
          '/clusters/prod-approved/decision',
          { decision: 'approve', reason: 'capacity planned for Q3' },
          QUINN,
        );
        expect(approved.status).toBe(200);
        expect(approved.body.decision).toMatchObject({
          decision: 'approved',
          by: QUINN,
          reason: 'capacity planned for Q3',
        });
        const again = await post(
          '/clusters/prod-approved/decision',
          { decision: 'reject', reason: 'changed my mind' },
          PAULA,
        );
        expect(again.status).toBe(409);

        const ready = await settled('prod-approved');
        expect(ready.phase).toBe('Ready');
        // The production template locks its region: nowhere to rebuild it.
        expect(ready.rebuildRegions).toEqual([]);
        expect(ready.actions.rebuild).toBe(false);
        expect(ready.events.map((e: any) => e.message)).toContain(
          'Approved by user:default/quinn: capacity planned for Q3',
        );
        expect(
          (await get('/approvals', QUINN)).body.items.map((c: any) => c.name),
        ).not.toContain('prod-approved');
      });

      it('keeps a deleted production cluster, its approval, deletion and history, when someone requests its name again', async () => {
        const before = await cluster('prod-approved');
        expect(before.phase).toBe('Ready');

        // Its latest events, a page at a time, older pages by the cursor.
        const page = (await get('/clusters/prod-approved?events=2', CAROL))
          .body;
        expect(page.events).toHaveLength(2);
        const older = (
          await get(
            `/clusters/prod-approved?events=2&before=${page.eventsBefore}`,
            CAROL,
          )
        ).body;
        expect(older.events).toHaveLength(2);
        expect(older.events[1].id).toBeLessThan(page.events[0].id);
        const bad = await get('/clusters/prod-approved?events=lots', CAROL);
        expect(bad.status).toBe(400);
        expect(bad.body.error.message).toBe(
          'events must be a whole number from 1 to 500. Fix: e.g. ?events=50.',
        );
        expect(
          (
            await post(
              '/clusters/prod-approved/delete',
              { confirm: 'prod-approved' },
              ALICE,
            )
          ).status,
        ).toBe(202);
        expect(
          (await settled('prod-approved', ['Deleted', 'Failed'])).phase,
        ).toBe('Deleted');

        const again = await requestCluster(
          'production',
          'prod-approved',
          CAROL,
        );
        expect(again).toMatchObject({
          phase: 'AwaitingApproval',
          requestedBy: CAROL,
        });
        expect(again.id).not.toBe(before.id);
        expect(await cluster('prod-approved', CAROL)).toMatchObject({
          id: again.id,
          phase: 'AwaitingApproval',
        });

        const history = await get('/clusters/prod-approved/history', BOB);
        expect(history.status).toBe(200);
        expect(history.body.clusters.map((c: any) => [c.id, c.phase])).toEqual([
          [again.id, 'AwaitingApproval'],
          [before.id, 'Deleted'],
        ]);
        const old = history.body.clusters[1];
        expect(old).toMatchObject({
          requestedBy: ALICE,
          decision: {
            decision: 'approved',
            by: QUINN,
            reason: 'capacity planned for Q3',
          },
          deletion: { cause: 'user', by: ALICE },
        });
        const decisions = old.events
          .filter((e: any) => e.decision)
          .map((e: any) => e.message);
        expect(decisions).toEqual([
          expect.stringMatching(
            /^Requested by user:default\/alice from clustertemplate:default\/production/,
          ),
          'Approved by user:default/quinn: capacity planned for Q3',
          expect.stringMatching(/^Deletion requested by user:default\/alice/),
          expect.stringMatching(
            /^Cluster prod-approved and its resource group rg-prod-approved are deleted/,
          ),
        ]);
        expect(old.events.map((e: any) => e.phase)).toContain('Ready');
        expect((await get('/clusters/never-was/history', BOB)).status).toBe(
          404,
        );
      });

      it('never lets an approver approve their own request', async () => {
        await requestCluster('production', 'prod-own', PAULA);
        const own = await post(
          '/clusters/prod-own/decision',
          { decision: 'approve', reason: 'trust me' },
          PAULA,
        );
        expect(own.status).toBe(403);
        expect(own.body.error.message).toBe(
          'You requested cluster prod-own yourself; another member of group:default/platform-team must decide on it.',
        );
        expect(
          (await get('/approvals', PAULA)).body.items.map((c: any) => c.name),
        ).not.toContain('prod-own');
      });

      it('keeps a rejected request with who decided and why, builds nothing and publishes nothing in the catalog', async () => {
        await requestCluster('production', 'prod-rejected', CAROL);
        const res = await post(
          '/clusters/prod-rejected/decision',
          { decision: 'reject', reason: 'no budget this quarter' },
          QUINN,
        );
        expect(res.status).toBe(200);
        const rejected = await cluster('prod-rejected', CAROL);
        expect(rejected).toMatchObject({
          phase: 'Rejected',
          decision: {
            decision: 'rejected',
            by: QUINN,
            reason: 'no budget this quarter',
          },
        });
        expect(
          rejected.events.map((e: any) => [e.level, e.message]),
        ).toContainEqual([
          'warning',
          'Rejected by user:default/quinn: no budget this quarter',
        ]);
        await new Promise(r => setTimeout(r, 1500));
        expect(
          (await emulatorState(emulator)).resources.filter((r: any) =>
            /prod-rejected/.test(r.name),
          ),
        ).toEqual([]);
        const entity = await api()
          .get('/api/catalog/entities/by-name/resource/default/prod-rejected')
          .set('Authorization', portal.asUser(CAROL));
        expect(entity.status).toBe(404);
      });
    });

    describe('on a developer cluster', () => {
      beforeAll(async () => {
        await requestCluster('developer', 'dev-alice', ALICE);
        setUpStep(
          'dev-alice built',
          (await settled('dev-alice')).phase,
          'Ready',
        );
      });

      it('offers each role exactly what it may do', async () => {
        const actions = async (who: string) =>
          (await cluster('dev-alice', who)).actions;
        expect((await cluster('dev-alice')).rebuildRegions).toEqual([
          'centralindia',
          'japaneast',
        ]);
        expect(await actions(ALICE)).toEqual({
          update: false,
          scale: true,
          delete: true,
          approve: false,
          retry: false,
          transfer: true,
          // The developer template offers three regions: it may be rebuilt in the other two.
          rebuild: true,
          confirmRebuild: false,
        });
        expect(await actions(PAULA)).toEqual({
          update: false,
          scale: true,
          delete: true,
          approve: false,
          retry: false,
          transfer: true,
          // The developer template offers three regions: it may be rebuilt in the other two.
          rebuild: true,
          confirmRebuild: false,
        });
        expect(await actions(BOB)).toEqual({
          update: false,
          scale: false,
          delete: false,
          approve: false,
          retry: false,
          transfer: false,
          rebuild: false,
          confirmRebuild: false,
        });
      });

      it('scales a node pool within the bounds the template allows, and refuses anything else naming the field', async () => {
        const before = await cluster('dev-alice');
        expect(before.scaleParameters).toEqual([
          {
            id: 'gpuMaxNodes',
            title: 'Most GPU nodes',
            field: 'infrastructure.nodePools.gpu.autoscale.max',
            value: 2,
            minimum: 1,
            maximum: 4,
          },
        ]);
        const tooMany = await post(
          '/clusters/dev-alice/scale',
          { parameters: { gpuMaxNodes: 9 } },
          ALICE,
        );
        expect(tooMany.status).toBe(400);
        expect(tooMany.body.error.message).toMatch(
          /gpuMaxNodes.*9 is above the maximum 4/,
        );
        const notAPool = await post(
          '/clusters/dev-alice/scale',
          { parameters: { kubernetesVersion: 1 } },
          ALICE,
        );
        expect(notAPool.status).toBe(400);
        expect(notAPool.body.error.message).toBe(
          "parameters.kubernetesVersion: not a node pool size of this cluster's template. Fix: use one of gpuMaxNodes.",
        );
        expect(
          (
            await post(
              '/clusters/dev-alice/scale',
              { parameters: { gpuMaxNodes: 3 } },
              BOB,
            )
          ).status,
        ).toBe(403);

        const scaled = await post(
          '/clusters/dev-alice/scale',
          { parameters: { gpuMaxNodes: 3 } },
          ALICE,
        );
        expect(scaled.status).toBe(200);
        expect(scaled.body).toMatchObject({
          phase: 'ManagedCluster',
          activity: 'scale',
        });
        const ready = await settled('dev-alice');
        expect(ready).toMatchObject({
          phase: 'Ready',
          parameters: { gpuMaxNodes: 3 },
        });
        const aks = await azure().containerService.managedClusters.get(
          'rg-dev-alice',
          'dev-alice',
        );
        expect(
          aks.agentPoolProfiles!.find(p => p.name === 'gpu'),
        ).toMatchObject({ enableAutoScaling: true, minCount: 0, maxCount: 3 });
        expect(ready.events.map((e: any) => e.message)).toContain(
          'Scaling requested by user:default/alice: Most GPU nodes 2 → 3',
        );
      });

      it('reports drift a developer template only reports, within one cycle, without changing Azure', async () => {
        const id =
          '/subscriptions/00000000-0000-0000-0000-0000000000c1/resourcegroups/rg-dev-alice/providers/Microsoft.ContainerService/managedClusters/dev-alice';
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
        const drifted = await until('drift on dev-alice', async () => {
          const c = await cluster('dev-alice');
          return c.drift?.items?.length ? c : undefined;
        });
        expect(drifted.drift).toMatchObject({
          mode: 'report',
          items: [
            {
              layer: 'infrastructure',
              field: 'nodePools.gpu.maxCount',
              expected: '3',
              actual: '8',
            },
          ],
        });
        expect(drifted.phase).toBe('Ready');
        expect(drifted.events.map((e: any) => e.message)).toContain(
          'Drift: nodePools.gpu.maxCount: template says 3, Azure has 8',
        );
        await new Promise(r => setTimeout(r, 2000));
        const aks = await azure().containerService.managedClusters.get(
          'rg-dev-alice',
          'dev-alice',
        );
        expect(
          aks.agentPoolProfiles!.find(p => p.name === 'gpu')!.maxCount,
        ).toBe(8);
      });

      it('shows "update available" with what changes per layer, and brings the cluster to the new version for its owner only', async () => {
        await editTemplate(
          'developer',
          yaml =>
            yaml
              .replace('version: 1.0.0', 'version: 1.1.0')
              .replace('version: 21.2.5', 'version: 21.3.0')
              .replace(
                / {4}- name: kafka\n( {6}.*\n)+? {6}namespace: kafka\n/,
                '',
              ),
          '1.1.0',
        );
        const withUpdate = await cluster('dev-alice');
        expect(withUpdate.updateAvailable).toBe('1.1.0');
        expect(withUpdate.update).toEqual({
          fromVersion: '1.0.0',
          toVersion: '1.1.0',
          changes: [
            {
              layer: 'applications',
              field: 'application redis',
              from: 'redis chart 21.2.5 in redis with values {"architecture":"standalone"}',
              to: 'redis chart 21.3.0 in redis with values {"architecture":"standalone"}',
            },
            {
              layer: 'applications',
              field: 'application kafka',
              from: 'strimzi-kafka-operator chart 0.47.0 in kafka',
            },
          ],
        });
        expect(withUpdate.actions.update).toBe(true);
        expect(
          (await get('/clusters?owner=me', ALICE)).body.items.find(
            (c: any) => c.name === 'dev-alice',
          ).updateAvailable,
        ).toBe('1.1.0');

        expect(
          (
            await post(
              '/clusters/dev-alice/update',
              { toVersion: '1.1.0' },
              BOB,
            )
          ).status,
        ).toBe(403);
        const stale = await post(
          '/clusters/dev-alice/update',
          { toVersion: '1.0.5' },
          ALICE,
        );
        expect(stale.status).toBe(409);
        expect(stale.body.error.message).toMatch(
          /now at version 1\.1\.0, not 1\.0\.5/,
        );

        expect(
          (
            await post(
              '/clusters/dev-alice/update',
              { toVersion: '1.1.0' },
              ALICE,
            )
          ).status,
        ).toBe(200);
        const updated = await until('dev-alice at 1.1.0', async () => {
          const c = await cluster('dev-alice');
          const settledThere =
            (c.phase === 'Ready' && c.templateVersion === '1.1.0') ||
            c.phase === 'Failed';
          return settledThere ? c : undefined;
        });
        expect(updated).toMatchObject({
          phase: 'Ready',
          templateVersion: '1.1.0',
          activity: 'update',
        });
        expect(updated.update).toBeUndefined();
        expect(
          updated.components
            .filter((c: any) => c.layer === 'applications')
            .map((c: any) => [c.name, c.version, c.state]),
        ).toEqual([
          ['ai-models', '1.4.2', 'Installed'],
          ['redis', '21.3.0', 'Installed'],
        ]);
        const configs = [];
        for await (const f of azure().kubernetesConfiguration.fluxConfigurations.list(
          'rg-dev-alice',
          'Microsoft.ContainerService',
          'managedClusters',
          'dev-alice',
        ))
          configs.push(f);
        expect(configs.map(c => c.name).sort()).toEqual([
          'app-ai-models',
          'app-redis',
          'complete-clusters-platform',
        ]);
        expect(
          configs.find(c => c.name === 'app-redis')!.kustomizations!.app!
            .postBuild!.substitute!.chart_version,
        ).toBe('21.3.0');
        expect(updated.events.map((e: any) => e.message)).toContain(
          'Removed kafka: the template no longer has it',
        );
      });

      it('deletes the cluster for its owner only, after confirmation: Azure resources first, then the catalog entity', async () => {
        expect(
          (
            await api()
              .get('/api/catalog/entities/by-name/resource/default/dev-alice')
              .set('Authorization', portal.asUser(ALICE))
          ).status,
        ).toBe(200);
        expect(
          (
            await post(
              '/clusters/dev-alice/delete',
              { confirm: 'dev-alice' },
              BOB,
            )
          ).status,
        ).toBe(403);
        const unconfirmed = await post('/clusters/dev-alice/delete', {}, ALICE);
        expect(unconfirmed.status).toBe(400);
        expect(unconfirmed.body.error.message).toBe(
          'confirm must repeat the cluster\'s name. Fix: send { "confirm": "dev-alice" } to delete dev-alice and everything in it.',
        );

        expect(
          (
            await post(
              '/clusters/dev-alice/delete',
              { confirm: 'dev-alice' },
              ALICE,
            )
          ).status,
        ).toBe(202);
        const gone = await settled('dev-alice', ['Deleted', 'Failed']);
        expect(gone.phase).toBe('Deleted');
        const state = await emulatorState(emulator);
        expect(
          state.resources.filter((r: any) =>
            (r.id ?? '').toLowerCase().includes('/resourcegroups/rg-dev-alice'),
          ),
        ).toEqual([]);
        await until('the catalog entity to go', async () => {
          const res = await api()
            .get('/api/catalog/entities/by-name/resource/default/dev-alice')
            .set('Authorization', portal.asUser(ALICE));
          return res.status === 404 ? true : undefined;
        });
        expect(
          (await get('/clusters?owner=me', ALICE)).body.items.map(
            (c: any) => c.name,
          ),
        ).not.toContain('dev-alice');
      });
    });

    it('repairs drift a production template repairs: both changes found and put back', async () => {
      await requestCluster('production', 'prod-drift', ALICE);
      await post(
        '/clusters/prod-drift/decision',
        { decision: 'approve', reason: 'drift test' },
        PAULA,
      );
      expect((await settled('prod-drift')).phase).toBe('Ready');
      const clusterId =
        '/subscriptions/00000000-0000-0000-0000-0000000000c1/resourcegroups/rg-prod-drift/providers/Microsoft.ContainerService/managedClusters/prod-drift';
      const grant = (await cluster('prod-drift')).components.find(
        (c: any) => c.name === 'platform-admin: group:default/platform-team',
      );
      // Behind the portal's back: the GPU pool's ceiling raised, and the platform team's admin grant removed.
      // A drift cycle may run between the two changes, so each may be found and repaired in a cycle of its own.
      await fetch(
        `${emulator.url}/_emulator/resources?id=${encodeURIComponent(
          clusterId,
        )}`,
        {
          method: 'PATCH',
          headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify({
            properties: { agentPoolProfiles: [{ name: 'gpu', maxCount: 40 }] },
          }),
        },
      );
      await fetch(
        `${emulator.url}/_emulator/resources?id=${encodeURIComponent(
          grant.azureId,
        )}`,
        { method: 'DELETE' },
      );

      const pool = /nodePools\.gpu\.maxCount: template says 25, Azure has 40/;
      const admin =
        /platform-admin: group:default\/platform-team: template says granted, Azure has missing/;
      const repaired = await until('prod-drift repaired', async () => {
        const c = await cluster('prod-drift');
        const messages: string[] = c.events.map((e: any) => e.message);
        const drifts = messages.filter(m => m.startsWith('Drift: '));
        const lastDrift = messages.lastIndexOf(drifts[drifts.length - 1]);
        const clean = messages.lastIndexOf(
          'Azure matches the template again: no drift',
        );
        return c.phase === 'Ready' &&
          drifts.some(m => pool.test(m)) &&
          drifts.some(m => admin.test(m)) &&
          clean > lastDrift
          ? c
          : undefined;
      });
      expect(repaired.events.map((e: any) => e.message)).toContainEqual(
        expect.stringMatching(/^Repairing drift/),
      );
      const aks = await azure().containerService.managedClusters.get(
        'rg-prod-drift',
        'prod-drift',
      );
      expect(aks.agentPoolProfiles!.find(p => p.name === 'gpu')!.maxCount).toBe(
        25,
      );
      const assignments = [];
      for await (const a of azure().authorization.roleAssignments.listForScope(
        clusterId.replace('/resourcegroups/', '/resourceGroups/').slice(1),
      ))
        assignments.push(a);
      expect(assignments.map(a => a.id!.toLowerCase())).toContain(
        grant.azureId.toLowerCase(),
      );
    });

    it('rolls a template version out environment by environment, and stops at the first cluster that fails', async () => {
      await requestCluster('testing', 'test-one', ALICE);
      await requestCluster('testing', 'test-two', CAROL);
      expect((await settled('test-one')).phase).toBe('Ready');
      expect((await settled('test-two')).phase).toBe('Ready');
      await editTemplate(
        'testing',
        yaml =>
          yaml
            .replace('version: 1.0.0', 'version: 1.0.1')
            .replace('version: 0.47.0', 'version: 0.48.0'),
        '1.0.1',
      );

      const byBob = await post(
        '/rollouts',
        { templateRef: 'clustertemplate:default/testing' },
        BOB,
      );
      expect(byBob.status).toBe(403);
      expect(byBob.body.error.message).toBe(
        'Only members of group:default/platform-team, which owns clustertemplate:default/testing, roll it out.',
      );
      const started = await post(
        '/rollouts',
        { templateRef: 'clustertemplate:default/testing' },
        PAULA,
      );
      expect(started.status).toBe(201);
      expect(started.body.clusters.map((c: any) => c.name)).toEqual([
        'test-one',
        'test-two',
      ]);
      const done = await until('the rollout to end', async () => {
        const [r] = (
          await get(
            '/rollouts?templateRef=clustertemplate:default/testing',
            PAULA,
          )
        ).body.items;
        return r.state !== 'Running' ? r : undefined;
      });
      expect(done).toMatchObject({
        state: 'Succeeded',
        clusters: [
          { name: 'test-one', state: 'Updated' },
          { name: 'test-two', state: 'Updated' },
        ],
      });
      expect((await cluster('test-two', CAROL)).templateVersion).toBe('1.0.1');

      // A version that cannot be applied: the first cluster fails, the second is left as it was.
      await fetch(`${emulator.url}/_emulator/config`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({
          quotas: { centralindia: { standardDDSv5Family: 0 } },
        }),
      });
      await editTemplate(
        'testing',
        yaml =>
          yaml
            .replace('version: 1.0.1', 'version: 1.0.2')
            .replace('count: 3', 'count: 5'),
        '1.0.2',
      );
      expect(
        (
          await post(
            '/rollouts',
            { templateRef: 'clustertemplate:default/testing' },
            PAULA,
          )
        ).status,
      ).toBe(201);
      const stopped = await until('the second rollout to end', async () => {
        const [r] = (
          await get(
            '/rollouts?templateRef=clustertemplate:default/testing',
            PAULA,
          )
        ).body.items;
        return r.state !== 'Running' ? r : undefined;
      });
      expect(stopped).toMatchObject({
        state: 'Stopped',
        clusters: [
          { name: 'test-one', state: 'Failed' },
          { name: 'test-two', state: 'Waiting' },
        ],
      });
      expect(stopped.message).toMatch(
        /^Stopped at test-one \(testing\), which failed: Azure has no quota left .* 1 cluster was not updated\.$/,
      );
      expect(await cluster('test-two', CAROL)).toMatchObject({
        phase: 'Ready',
        templateVersion: '1.0.1',
      });
      await fetch(`${emulator.url}/_emulator/config`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ quotas: null }),
      });
    });
  },
);
