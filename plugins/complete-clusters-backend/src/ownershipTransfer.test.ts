import fs from 'fs';
import path from 'path';
import request from 'supertest';
import {
  coreServices,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import type { Emulator } from '@complete-clusters/azure-arm-emulator';
import { startTrustedEmulator } from './__testUtils__/emulator';
import {
  copyExampleTemplates,
  startCompleteClustersBackend,
} from './__testUtils__/testBackend';
import { until } from './__testUtils__/until';

jest.setTimeout(180_000);

const ALICE = 'user:default/alice';
const BOB = 'user:default/bob';
const CAROL = 'user:default/carol';
const DAN = 'user:default/dan';
const TEAM_AI = 'group:default/team-ai';
const TEAM_WEB = 'group:default/team-web';

describe('transferring a cluster to another owner', () => {
  let emulator: Emulator;
  let portal: Awaited<ReturnType<typeof startCompleteClustersBackend>>;
  let templatesDir: string;
  const api = () => request(portal.backend.server);
  const transfer = (who: string, owner: unknown) =>
    api()
      .post('/api/complete-clusters/clusters/handover/owner')
      .set('Authorization', portal.asUser(who))
      .send({ owner });
  const cluster = async () =>
    (
      await api()
        .get('/api/complete-clusters/clusters/handover')
        .set('Authorization', portal.asUser(ALICE))
    ).body;

  beforeAll(async () => {
    emulator = await startTrustedEmulator({ operationDurationMs: 100 });
    // A policy: Carol may do anything but transfer clusters.
    const permissions = createServiceFactory({
      service: coreServices.permissions,
      deps: {},
      factory: () => ({
        async authorize(requests: any[], options: any) {
          const who = options?.credentials?.principal?.userEntityRef;
          return requests.map(r => ({
            result:
              r.permission.name === 'complete-clusters.cluster.transfer' &&
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
    // team-web in the catalog, with Dan as its member: the developer template's team-view
    // (owner-members) is granted to the members of whichever group owns the cluster.
    templatesDir = copyExampleTemplates();
    fs.appendFileSync(
      path.join(templatesDir, 'testing.yaml'),
      '---\napiVersion: backstage.io/v1alpha1\nkind: Group\nmetadata:\n  name: team-web\nspec:\n  type: team\n  children: []\n  members: [dan]\n',
    );
    portal = await startCompleteClustersBackend({
      emulator,
      templatesDir,
      users: [ALICE, BOB, CAROL, DAN],
      features: [permissions],
      memberships: {
        [ALICE]: [TEAM_AI, TEAM_WEB],
        [BOB]: [TEAM_AI],
        [CAROL]: [TEAM_AI, TEAM_WEB],
        [DAN]: [TEAM_WEB],
      },
    });
    await until('team-web in the catalog', async () =>
      (
        await api()
          .get('/api/catalog/entities/by-name/group/default/team-web')
          .set('Authorization', portal.asUser(ALICE))
      ).status === 200
        ? true
        : undefined,
    );
    const res = await api()
      .post('/api/complete-clusters/clusters')
      .set('Authorization', portal.asUser(ALICE))
      .send({
        templateRef: 'clustertemplate:default/developer',
        name: 'handover',
        owner: TEAM_AI,
      });
    if (res.status !== 201)
      throw new Error(
        `handover was not requested: ${JSON.stringify(res.body)}`,
      );
    await until('handover Ready', async () =>
      (await cluster()).phase === 'Ready' ? true : undefined,
    );
  });
  afterAll(async () => {
    await portal?.stop();
    await emulator?.close();
    if (templatesDir) fs.rmSync(templatesDir, { recursive: true, force: true });
  });

  it('is offered to owners the policy allows, and to no one else', async () => {
    const offered = async (who: string) =>
      (
        await api()
          .get('/api/complete-clusters/clusters/handover')
          .set('Authorization', portal.asUser(who))
      ).body.actions?.transfer;
    expect(await offered(ALICE)).toBe(true);
    expect(await offered(BOB)).toBe(true);
    expect(await offered(CAROL)).toBe(false);
    expect(await offered(DAN)).toBe(false);
  });

  it('is refused by the permission framework, even for an owner in the target group, and changes nothing', async () => {
    const res = await transfer(CAROL, TEAM_WEB);
    expect(res.status).toBe(403);
    expect(res.body.error.message).toBe(
      'You are not allowed to transfer clusters.',
    );
    expect((await cluster()).ownerRef).toBe(TEAM_AI);
  });

  it('is refused to a group the caller is not in, naming their groups', async () => {
    const res = await transfer(BOB, TEAM_WEB);
    expect(res.status).toBe(400);
    expect(res.body.error.message).toBe(
      `owner: you are not a member of ${TEAM_WEB}. Fix: choose one of your groups: ${TEAM_AI}, or yourself (${BOB}).`,
    );
    expect((await cluster()).ownerRef).toBe(TEAM_AI);
  });

  it('is refused to someone who does not own the cluster, and for a missing owner', async () => {
    const dan = await transfer(DAN, TEAM_WEB);
    expect(dan.status).toBe(403);
    expect(dan.body.error.message).toMatch(
      /^Only the owner of cluster handover \(group:default\/team-ai\)/,
    );
    const missing = await transfer(ALICE, undefined);
    expect(missing.status).toBe(400);
    expect(missing.body.error.message).toMatch(/^owner is missing\. Fix:/);
    expect((await cluster()).ownerRef).toBe(TEAM_AI);
  });

  it('hands it over to a group of the caller: recorded as a decision, and the catalog entity follows', async () => {
    const res = await transfer(ALICE, 'team-web');
    expect(res.status).toBe(200);
    expect(res.body.ownerRef).toBe(TEAM_WEB);
    const after = await cluster();
    expect(after.ownerRef).toBe(TEAM_WEB);
    expect(after.events).toContainEqual(
      expect.objectContaining({
        decision: true,
        message: `Ownership transferred from ${TEAM_AI} to ${TEAM_WEB} by ${ALICE}`,
      }),
    );
    // Bob is no longer an owner: he may not hand it back.
    expect((await transfer(BOB, TEAM_AI)).status).toBe(403);
    const entity = await until(
      'the catalog entity owned by team-web',
      async () => {
        const e = await api()
          .get('/api/catalog/entities/by-name/resource/default/handover')
          .set('Authorization', portal.asUser(ALICE));
        return e.status === 200 && e.body.spec?.owner === TEAM_WEB
          ? e.body
          : undefined;
      },
    );
    expect(entity.spec.owner).toBe(TEAM_WEB);
  });
});
