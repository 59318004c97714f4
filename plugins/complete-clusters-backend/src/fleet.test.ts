import request from 'supertest';
import type { Emulator } from '@complete-clusters/azure-arm-emulator';
import { startTrustedEmulator } from './__testUtils__/emulator';
import { startCompleteClustersBackend } from './__testUtils__/testBackend';
import { setUpStep } from './__testUtils__/setUpStep';

jest.setTimeout(180_000);

const ALICE = 'user:default/alice';
/** A platform engineer: member of group:default/platform-team, which owns and approves the example templates. */
const PAULA = 'user:default/paula';
const TEAM = 'group:default/platform-team';

describe("the platform team's fleet view over HTTP", () => {
  let emulator: Emulator;
  let portal: Awaited<ReturnType<typeof startCompleteClustersBackend>>;
  const get = (path: string, who: string) =>
    request(portal.backend.server)
      .get(`/api/complete-clusters${path}`)
      .set('Authorization', portal.asUser(who));

  beforeAll(async () => {
    emulator = await startTrustedEmulator({ operationDurationMs: 100 });
    portal = await startCompleteClustersBackend({
      emulator,
      users: [ALICE, PAULA],
      memberships: { [PAULA]: [TEAM] },
    });
    for (const [template, name] of [
      ['developer', 'dev-fleet-b'],
      ['production', 'prod-fleet-a'],
      ['testing', 'test-fleet-c'],
    ]) {
      const res = await request(portal.backend.server)
        .post('/api/complete-clusters/clusters')
        .set('Authorization', portal.asUser(ALICE))
        .send({ templateRef: `clustertemplate:default/${template}`, name });
      setUpStep(`request ${name}`, res.status, 201);
    }
  });
  afterAll(async () => {
    await portal?.stop();
    await emulator?.close();
  });

  it("shows a team member every cluster of the team's three templates, with counts, and what they may do", async () => {
    const res = await get('/fleet', PAULA);
    expect(res.status).toBe(200);
    expect(res.body.templates.map((t: any) => t.templateRef).sort()).toEqual([
      'clustertemplate:default/developer',
      'clustertemplate:default/production',
      'clustertemplate:default/testing',
    ]);
    expect(
      res.body.items.map((c: any) => [
        c.name,
        c.templateVersion,
        c.environment,
      ]),
    ).toEqual([
      ['dev-fleet-b', '1.0.0', 'development'],
      ['prod-fleet-a', '1.0.0', 'production'],
      ['test-fleet-c', '1.0.0', 'testing'],
    ]);
    expect(res.body.totalCount).toBe(3);
    expect(res.body.counts.byPhase.AwaitingApproval).toBe(1);
    expect(res.body.templates.every((t: any) => t.mayRollOut)).toBe(true);
    // Paula approves production requests; she may approve Alice's from the fleet view.
    expect(
      res.body.items.find((c: any) => c.name === 'prod-fleet-a'),
    ).toMatchObject({
      phase: 'AwaitingApproval',
      actions: { approve: true, retry: false },
    });
    expect(
      (
        await get('/fleet?phase=AwaitingApproval&sort=name&order=desc', PAULA)
      ).body.items.map((c: any) => c.name),
    ).toEqual(['prod-fleet-a']);
  });

  it("shows someone outside the team no template's clusters, and refuses a team they are not in", async () => {
    const alice = await get('/fleet', ALICE);
    expect(alice.status).toBe(200);
    expect(alice.body).toMatchObject({
      templates: [],
      items: [],
      totalCount: 0,
    });
    const named = await get(
      `/fleet?templateOwner=${encodeURIComponent(TEAM)}`,
      ALICE,
    );
    expect(named.status).toBe(403);
    expect(named.body.error.message).toContain(
      'You are not a member of group:default/platform-team',
    );
  });

  it('refuses a bad query naming the parameter and what it accepts', async () => {
    const res = await get('/fleet?sort=colour&limit=5', PAULA);
    expect(res.status).toBe(400);
    expect(res.body.error.message).toBe(
      'sort "colour" is not a column of the fleet. Fix: use one of name, templateVersion, environment, ownerRef, phase, updatedAt.',
    );
    expect((await get('/fleet?limit=0', PAULA)).body.error.message).toBe(
      'limit must be a whole number from 1 to 500, not "0".',
    );
  });

  it("gives each cluster its monthly cost from the price book, as its template's estimate says", async () => {
    const fleet = (await get('/fleet?sort=name', PAULA)).body;
    for (const [name, template] of [
      ['dev-fleet-b', 'developer'],
      ['prod-fleet-a', 'production'],
    ]) {
      const estimate = (await get(`/templates/default/${template}/cost`, PAULA))
        .body;
      expect(estimate.worstCaseMonthly).toBeGreaterThan(0);
      expect(fleet.items.find((c: any) => c.name === name).monthlyCost).toEqual(
        {
          currency: 'USD',
          minimum: estimate.minimumMonthly,
          worstCase: estimate.worstCaseMonthly,
        },
      );
    }
    // The production template's GPU pool autoscales: its worst case is far above its minimum.
    const prod = fleet.items.find((c: any) => c.name === 'prod-fleet-a');
    expect(prod.monthlyCost.worstCase).toBeGreaterThan(
      prod.monthlyCost.minimum * 10,
    );
  });

  it('exports the same clusters as CSV', async () => {
    const res = await get('/fleet.csv?sort=name', PAULA);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/csv/);
    const lines = res.text.trim().split('\r\n');
    expect(lines[0]).toBe(
      'name,template,version,update available,environment,owner,phase,drifted fields,status,updated,"monthly cost, minimum","monthly cost, worst case",currency',
    );
    expect(lines.slice(1).map(line => line.split(',')[0])).toEqual([
      'dev-fleet-b',
      'prod-fleet-a',
      'test-fleet-c',
    ]);
  });
});
