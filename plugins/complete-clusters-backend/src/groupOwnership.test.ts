import request from 'supertest';
import type { Emulator } from '@complete-clusters/azure-arm-emulator';
import { startTrustedEmulator } from './__testUtils__/emulator';
import { startCompleteClustersBackend } from './__testUtils__/testBackend';
import { until } from './__testUtils__/until';

jest.setTimeout(180_000);

const ALICE = 'user:default/alice';
const BOB = 'user:default/bob';
const CAROL = 'user:default/carol';
const TEAM_AI = 'group:default/team-ai';

describe('a cluster owned by a team', () => {
  let emulator: Emulator;
  let portal: Awaited<ReturnType<typeof startCompleteClustersBackend>>;
  const api = () => request(portal.backend.server);
  const ask = (who: string, body: Record<string, unknown>) =>
    api()
      .post('/api/complete-clusters/clusters')
      .set('Authorization', portal.asUser(who))
      .send(body);
  const mine = async (who: string) =>
    (
      await api()
        .get('/api/complete-clusters/clusters?owner=me')
        .set('Authorization', portal.asUser(who))
    ).body.items.map((c: { name: string }) => c.name);

  beforeAll(async () => {
    emulator = await startTrustedEmulator({ operationDurationMs: 100 });
    portal = await startCompleteClustersBackend({
      emulator,
      users: [ALICE, BOB, CAROL],
      // Alice and Bob are in team-ai; Carol only in her own team.
      memberships: {
        [ALICE]: [TEAM_AI],
        [BOB]: [TEAM_AI],
        [CAROL]: ['group:default/team-web'],
      },
    });
  });
  afterAll(async () => {
    await portal?.stop();
    await emulator?.close();
  });

  it("is requested by one member for the team, shows under another member's clusters, and that member may manage it", async () => {
    const res = await ask(ALICE, {
      templateRef: 'clustertemplate:default/developer',
      name: 'ai-team-1',
      owner: 'group:default/team-ai',
    });
    expect(res.status).toBe(201);
    expect(res.body.cluster.ownerRef).toBe(TEAM_AI);

    expect(await mine(BOB)).toContain('ai-team-1');
    expect(await mine(CAROL)).not.toContain('ai-team-1');
    const built = await until('ai-team-1 Ready', async () => {
      const c = await api()
        .get('/api/complete-clusters/clusters/ai-team-1')
        .set('Authorization', portal.asUser(BOB));
      return c.body.phase === 'Ready' ? c.body : undefined;
    });
    // Bob did not ask for it, but his team owns it: he may delete it; Carol may not.
    expect(built.actions.delete).toBe(true);
    const carols = await api()
      .get('/api/complete-clusters/clusters/ai-team-1')
      .set('Authorization', portal.asUser(CAROL));
    expect(carols.body.actions?.delete ?? false).toBe(false);
    // The history says for whom it was requested.
    expect(built.events.map((e: { message: string }) => e.message)).toContain(
      `Requested by ${ALICE} for ${TEAM_AI} from clustertemplate:default/developer version 1.0.0`,
    );
  });

  it('refuses a group the requester is not in, naming their groups, and records nothing', async () => {
    const res = await ask(CAROL, {
      templateRef: 'clustertemplate:default/developer',
      name: 'not-my-team',
      owner: 'team-ai',
    });
    expect(res.status).toBe(400);
    expect(res.body.error.message).toBe(
      `owner: you are not a member of ${TEAM_AI}. Fix: choose one of your groups: group:default/team-web.`,
    );
    const after = await api()
      .get('/api/complete-clusters/clusters/not-my-team')
      .set('Authorization', portal.asUser(CAROL));
    expect(after.status).toBe(404);
  });

  it('refuses an owner where the template does not let groups own its clusters, and an owner that is not a group', async () => {
    const production = await ask(ALICE, {
      templateRef: 'clustertemplate:default/production',
      name: 'prod-for-team',
      owner: TEAM_AI,
    });
    expect(production.status).toBe(400);
    expect(production.body.error.message).toMatch(
      /^owner: ClusterTemplate production does not let a group own its clusters .*Fix: leave owner out/,
    );
    const user = await ask(ALICE, {
      templateRef: 'clustertemplate:default/developer',
      name: 'owned-by-user',
      owner: BOB,
    });
    expect(user.status).toBe(400);
    expect(user.body.error.message).toMatch(
      /^owner "user:default\/bob" is a user, not a Group\. Fix: name one of your groups/,
    );
  });

  it('refuses asking again for the same name with another owner', async () => {
    const again = await ask(ALICE, {
      templateRef: 'clustertemplate:default/developer',
      name: 'ai-team-1',
    });
    expect(again.status).toBe(409);
    expect(again.body.error.message).toContain(`owned by ${TEAM_AI}`);
  });
});
