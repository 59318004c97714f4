import fs from 'fs';
import path from 'path';
import request from 'supertest';
import type { Emulator } from '@complete-clusters/azure-arm-emulator';
import { createAzureClients } from './azure/createAzureClients';
import {
  emulatorSettings,
  startTrustedEmulator,
} from './__testUtils__/emulator';
import { testObjectId } from './__testUtils__/exampleTemplates';
import {
  copyExampleTemplates,
  startCompleteClustersBackend,
} from './__testUtils__/testBackend';
import { until } from './__testUtils__/until';

jest.setTimeout(180_000);

const ALICE = 'user:default/alice';
const BOB = 'user:default/bob';
const CAROL = 'user:default/carol';
const TEAM_AI = 'group:default/team-ai';
/** Azure Kubernetes Service RBAC Reader, the role `view` on the whole cluster is. */
const READER = '7f6c6a51-bcf8-42ba-9220-52d62157d7db';

/** The test users as catalog entities, members of the groups given (the catalog, not the sign-in, says who is in a team). */
function usersYaml(memberOf: Record<string, string[]>): string {
  return Object.entries(memberOf)
    .map(
      ([name, groups]) =>
        `---\napiVersion: backstage.io/v1alpha1\nkind: User\nmetadata:\n  name: ${name}\nspec:\n  memberOf: [${groups.join(
          ', ',
        )}]\n`,
    )
    .join('');
}

describe('access that follows ownership', () => {
  let emulator: Emulator;
  let portal: Awaited<ReturnType<typeof startCompleteClustersBackend>>;
  let templatesDir: string;
  const api = () => request(portal.backend.server);
  const azure = () => createAzureClients(emulatorSettings(emulator));
  // The testing template's file carries the test users too: a location the test may edit.
  const usersFile = () => path.join(templatesDir, 'testing.yaml');
  let testingYaml: string;

  beforeAll(async () => {
    // The stock developer template, whose team-view binding grants view on the whole cluster to owner-members.
    templatesDir = copyExampleTemplates();
    testingYaml = fs.readFileSync(usersFile(), 'utf8');
    fs.writeFileSync(
      usersFile(),
      testingYaml + usersYaml({ alice: ['team-ai'], bob: ['team-ai'] }),
    );
    emulator = await startTrustedEmulator({ operationDurationMs: 100 });
    portal = await startCompleteClustersBackend({
      emulator,
      templatesDir,
      users: [ALICE, BOB, CAROL],
      memberships: { [ALICE]: [TEAM_AI], [BOB]: [TEAM_AI] },
      config: {
        drift: {
          schedule: { frequency: { seconds: 1 }, timeout: { seconds: 30 } },
        },
      },
    });
  });
  afterAll(async () => {
    await portal?.stop();
    await emulator?.close();
    if (templatesDir) fs.rmSync(templatesDir, { recursive: true, force: true });
  });

  const cluster = async (name: string) =>
    (
      await api()
        .get(`/api/complete-clusters/clusters/${name}`)
        .set('Authorization', portal.asUser(ALICE))
    ).body;
  /** Who holds the Reader role on the cluster in Azure, by Entra object id. */
  const readers = async (clusterId: string) => {
    const ids: string[] = [];
    for await (const a of azure().authorization.roleAssignments.listForScope(
      clusterId.slice(1),
    )) {
      if (a.roleDefinitionId?.toLowerCase().endsWith(READER))
        ids.push(a.principalId!);
    }
    return ids.sort();
  };
  const members = async () => {
    const res = await api()
      .get('/api/catalog/entities/by-name/group/default/team-ai')
      .set('Authorization', portal.asUser(ALICE));
    return (res.body.relations ?? [])
      .filter((r: { type: string }) => r.type === 'hasMember')
      .map((r: { targetRef: string }) => r.targetRef)
      .sort();
  };

  it("grants each member of the owning group the stock developer template's owner-members access, and follows the catalog when membership changes", async () => {
    await until('alice and bob in team-ai in the catalog', async () => {
      const now = await members();
      return now.includes(ALICE) && now.includes(BOB) ? true : undefined;
    });
    const res = await api()
      .post('/api/complete-clusters/clusters')
      .set('Authorization', portal.asUser(ALICE))
      .send({
        templateRef: 'clustertemplate:default/developer',
        name: 'ai-shared',
        owner: TEAM_AI,
      });
    expect(res.status).toBe(201);
    const ready = await until('ai-shared Ready', async () => {
      const c = await cluster('ai-shared');
      return c.phase === 'Ready' ? c : undefined;
    });
    // Alice asked for it for her team: it shows under Bob's clusters too.
    const bobs = await api()
      .get('/api/complete-clusters/clusters?owner=me')
      .set('Authorization', portal.asUser(BOB));
    expect(bobs.body.items.map((c: { name: string }) => c.name)).toContain(
      'ai-shared',
    );
    const clusterId: string = ready.azure.resourceId;
    const guestId = '00000000-0000-0000-0000-0000000e0002'; // guest is in team-ai in the example organisation
    expect(await readers(clusterId)).toEqual(
      [testObjectId(ALICE), testObjectId(BOB), guestId].sort(),
    );
    expect(await readers(clusterId)).not.toContain(testObjectId(CAROL));

    // In the catalog, Bob leaves team-ai and Carol joins it.
    fs.writeFileSync(
      usersFile(),
      testingYaml +
        usersYaml({ alice: ['team-ai'], bob: [], carol: ['team-ai'] }),
    );
    await until('the catalog says so', async () => {
      const now = await members();
      return now.includes(CAROL) && !now.includes(BOB) ? true : undefined;
    });
    const followed = await until('ai-shared follows the catalog', async () => {
      const c = await cluster('ai-shared');
      if (c.phase !== 'Ready') return undefined;
      const ids = await readers(clusterId);
      return ids.includes(testObjectId(CAROL)) &&
        !ids.includes(testObjectId(BOB))
        ? c
        : undefined;
    });
    expect(await readers(clusterId)).toEqual(
      [testObjectId(ALICE), testObjectId(CAROL), guestId].sort(),
    );
    const messages = followed.events.map((e: { message: string }) => e.message);
    expect(messages).toEqual(
      expect.arrayContaining([
        `Access follows the catalog: removed Azure Kubernetes Service RBAC Reader for ${BOB}: no longer a member of ${TEAM_AI}`,
        `Access follows the catalog: removed Azure Kubernetes Service Cluster User Role for ${BOB}: no longer a member of ${TEAM_AI}`,
        `Access follows the catalog: granted Azure Kubernetes Service RBAC Reader to ${CAROL}: member of ${TEAM_AI}`,
      ]),
    );
    // The card says who has which access and why.
    expect(
      followed.components.find(
        (c: { name: string }) => c.name === `team-view: ${CAROL}`,
      ).grant,
    ).toEqual({
      to: CAROL,
      role: 'Azure Kubernetes Service RBAC Reader',
      where: 'the whole cluster',
      because: `member of ${TEAM_AI}`,
    });
    // Only what the portal made is removed: Alice's grants stay.
    expect(
      followed.components
        .filter((c: { kind: string }) => c.kind === 'roleAssignment')
        .map((c: { name: string }) => c.name)
        .sort(),
    ).toEqual([
      'developer-ai-models: user:default/alice',
      'kubeconfig: user:default/alice',
      'kubeconfig: user:default/carol',
      'kubeconfig: user:default/guest',
      'team-view: user:default/alice',
      'team-view: user:default/carol',
      'team-view: user:default/guest',
    ]);
  });

  it('follows a transfer: owned by Alice alone, only her grants stay, and the history says why the others went', async () => {
    const before = await cluster('ai-shared');
    const clusterId: string = before.azure.resourceId;
    const res = await api()
      .post('/api/complete-clusters/clusters/ai-shared/owner')
      .set('Authorization', portal.asUser(ALICE))
      .send({ owner: ALICE });
    expect(res.status).toBe(200);
    const after = await until('ai-shared follows the transfer', async () => {
      const c = await cluster('ai-shared');
      if (c.phase !== 'Ready') return undefined;
      const ids = await readers(clusterId);
      return ids.length === 1 ? c : undefined;
    });
    expect(await readers(clusterId)).toEqual([testObjectId(ALICE)]);
    const messages = after.events.map((e: { message: string }) => e.message);
    expect(messages).toEqual(
      expect.arrayContaining([
        `Ownership transferred from ${TEAM_AI} to ${ALICE} by ${ALICE}`,
        `Access follows the catalog: removed Azure Kubernetes Service RBAC Reader for ${CAROL}: ownership moved from ${TEAM_AI} to ${ALICE}`,
      ]),
    );
  });
});
