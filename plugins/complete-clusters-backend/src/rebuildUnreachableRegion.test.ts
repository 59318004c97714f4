import request from 'supertest';
import type { Emulator } from '@complete-clusters/azure-arm-emulator';
import { emulatorAccessToken } from '@complete-clusters/azure-arm-emulator';
import {
  managedClustersInAzure,
  startTrustedEmulator,
} from './__testUtils__/emulator';
import { startCompleteClustersBackend } from './__testUtils__/testBackend';
import { until } from './__testUtils__/until';

jest.setTimeout(180_000);

const ALICE = 'user:default/alice';
const TEAM_AI = 'group:default/team-ai';
/** Two of the stock developer template's regions: its default, and where it is rebuilt. */
const FROM = 'southeastasia';
const TO = 'centralindia';
/** Few attempts, so that a deletion that gave up would show at once. */
const MAX_ATTEMPTS = 3;

/** The emulator's admin API: a region stops (or starts again) answering, as in an outage. */
async function unreachable(emulator: Emulator, regions: string[] | null) {
  const res = await fetch(`${emulator.url}/_emulator/config`, {
    method: 'POST',
    headers: {
      'Content-Type': 'application/json',
      Authorization: `Bearer ${emulatorAccessToken()}`,
    },
    body: JSON.stringify({ faults: { unreachableRegions: regions } }),
  });
  if (res.status !== 200)
    throw new Error(`emulator config: ${res.status} ${await res.text()}`);
}

describe('confirming the deletion of a rebuilt cluster whose old region does not answer', () => {
  let emulator: Emulator;
  let portal: Awaited<ReturnType<typeof startCompleteClustersBackend>>;
  const api = () => request(portal.backend.server);
  const post = (p: string, body: object = {}) =>
    api()
      .post(`/api/complete-clusters${p}`)
      .set('Authorization', portal.asUser(ALICE))
      .send(body);
  const cluster = async () =>
    (
      await api()
        .get('/api/complete-clusters/clusters/moving')
        .set('Authorization', portal.asUser(ALICE))
    ).body;
  const history = async () =>
    (
      await api()
        .get('/api/complete-clusters/clusters/moving/history')
        .set('Authorization', portal.asUser(ALICE))
    ).body;
  const managedClusters = () => managedClustersInAzure(emulator);

  beforeAll(async () => {
    emulator = await startTrustedEmulator({ operationDurationMs: 100 });
    portal = await startCompleteClustersBackend({
      emulator,
      users: [ALICE],
      memberships: { [ALICE]: [TEAM_AI] },
      config: { engine: { pollIntervalMs: 50, maxAttempts: MAX_ATTEMPTS } },
    });
  });
  afterAll(async () => {
    await unreachable(emulator, null).catch(() => undefined);
    await portal?.stop();
    await emulator?.close();
  });

  it('keeps the old cluster and its history while its region is down, and deletes it once the region answers, with no second rebuild', async () => {
    const requested = await post('/clusters', {
      templateRef: 'clustertemplate:default/developer',
      name: 'moving',
      owner: TEAM_AI,
    });
    expect(requested.status).toBe(201);
    const old = await until('moving Ready', async () => {
      const c = await cluster();
      return c.phase === 'Ready' ? c : undefined;
    });
    expect(old.azure.location).toBe(FROM);
    const rebuilt = await post('/clusters/moving/rebuild', {
      region: TO,
      reason: `${FROM} is down`,
    });
    expect(rebuilt.status).toBe(202);
    const newId: string = rebuilt.body.id;
    await until('the rebuild Ready', async () => {
      const c = await cluster();
      return c.id === newId && c.phase === 'Ready' ? c : undefined;
    });

    // The old region stops answering; the owner confirms the old cluster's deletion anyway.
    await unreachable(emulator, [FROM]);
    const confirmed = await post('/clusters/moving/rebuild/confirm');
    expect(confirmed.status).toBe(202);
    const kept = `The old cluster is kept while ${FROM} does not answer, and deleted once it answers again.`;
    const waiting = await until(
      'the old cluster waiting for its region',
      async () => {
        const c = (await history()).clusters.find((x: any) => x.id === old.id);
        return c?.statusMessage?.endsWith(kept) ? c : undefined;
      },
    );
    expect(waiting.phase).toBe('Deleting');
    // Well past the engine's attempts (the back-off doubles from 50 ms): it has not given up.
    await new Promise(r => setTimeout(r, 3000));
    const h = await history();
    expect(h.clusters.map((c: any) => c.id).sort()).toEqual(
      [old.id, newId].sort(),
    );
    const still = h.clusters.find((c: any) => c.id === old.id);
    expect(still.phase).toBe('Deleting');
    expect(still.statusMessage).toMatch(
      /^Azure could not finish deleting resource group .*ServiceUnavailable/,
    );
    // Its history is kept, the confirmation in it, and the wait told once.
    const messages: string[] = still.events.map((e: any) => e.message);
    expect(messages).toContainEqual(
      expect.stringMatching(
        new RegExp(
          `^Deletion of the old cluster ${old.id} in ${FROM} .* confirmed by ${ALICE}`,
        ),
      ),
    );
    expect(messages.filter(m => m.endsWith(kept))).toHaveLength(1);
    expect(messages.some(m => /Gave up|Trying again/.test(m))).toBe(false);
    // Azure still has both clusters; the name and the catalog stay with the rebuild.
    expect(await managedClusters()).toEqual(
      [`moving@${FROM}`, `moving@${TO}`].sort(),
    );
    const now = await cluster();
    expect([now.id, now.phase, now.azure.location]).toEqual([
      newId,
      'Ready',
      TO,
    ]);
    expect(now.rebuild).toMatchObject({
      from: { id: old.id, location: FROM, deleting: true },
      awaitingConfirmation: false,
    });

    // The region answers again: the old cluster goes, and only it.
    await unreachable(emulator, null);
    await until('the old cluster Deleted', async () => {
      const c = (await history()).clusters.find((x: any) => x.id === old.id);
      return c?.phase === 'Deleted' ? c : undefined;
    });
    expect(await managedClusters()).toEqual([`moving@${TO}`]);
    const after = await history();
    expect(after.clusters.map((c: any) => [c.id, c.phase]).sort()).toEqual(
      [
        [old.id, 'Deleted'],
        [newId, 'Ready'],
      ].sort(),
    );
    expect((await cluster()).events.map((e: any) => e.message)).toContainEqual(
      `The cluster it was rebuilt from (${old.id} in ${FROM}) and its resource group ${old.azure.resourceGroup} are deleted`,
    );
  });
});
