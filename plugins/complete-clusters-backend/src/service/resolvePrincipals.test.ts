import type { Entity } from '@backstage/catalog-model';
import { exampleTemplate } from '../__testUtils__/exampleTemplates';
import { resolvePrincipals } from './resolvePrincipals';

const TEAM_ID = '11111111-2222-4333-8444-555555555555';
const ALICE_ID = '66666666-7777-4888-9999-000000000000';

const group = (name: string, id?: string): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Group',
  metadata: {
    name,
    namespace: 'default',
    ...(id ? { annotations: { 'graph.microsoft.com/group-id': id } } : {}),
  },
  spec: { type: 'team', children: [] },
});
const user = (name: string, id?: string): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'User',
  metadata: {
    name,
    namespace: 'default',
    ...(id ? { annotations: { 'graph.microsoft.com/user-id': id } } : {}),
  },
  spec: {},
});

function catalog(...entities: Entity[]) {
  const asked: string[][] = [];
  const lookup = async (refs: string[]) => {
    asked.push(refs);
    return refs.map(ref =>
      entities.find(
        e =>
          `${e.kind}:${e.metadata.namespace}/${e.metadata.name}`.toLowerCase() ===
          ref,
      ),
    );
  };
  return { lookup, asked };
}

describe('resolvePrincipals', () => {
  const production = exampleTemplate('production').spec;

  it('takes each subject’s Entra object id from its Microsoft Graph annotation, the requester included', async () => {
    const { lookup, asked } = catalog(
      group('platform-team', TEAM_ID),
      user('alice', ALICE_ID),
    );
    await expect(
      resolvePrincipals({
        spec: production,
        requester: 'user:default/alice',
        overrides: {},
        lookup,
      }),
    ).resolves.toEqual({
      'user:default/alice': { objectId: ALICE_ID, type: 'User' },
      'group:default/platform-team': { objectId: TEAM_ID, type: 'Group' },
    });
    expect(asked).toEqual([
      ['user:default/alice', 'group:default/platform-team'],
    ]);
  });

  it('uses the configured id of an identity the catalog does not hold, such as the development guest', async () => {
    const { lookup } = catalog(group('platform-team', TEAM_ID));
    const principals = await resolvePrincipals({
      spec: production,
      requester: 'user:development/guest',
      overrides: { 'user:development/guest': ALICE_ID },
      lookup,
    });
    expect(principals['user:development/guest']).toEqual({
      objectId: ALICE_ID,
      type: 'User',
    });
  });

  it('refuses, naming the binding, the entity and the fix, when a subject has no Entra id or a malformed one', async () => {
    const { lookup } = catalog(group('platform-team', 'not-a-guid'));
    const attempt = resolvePrincipals({
      spec: production,
      requester: 'user:default/bob',
      overrides: {},
      lookup,
    });
    await expect(attempt).rejects.toThrow(
      'role binding requester-view: user:default/bob has no Microsoft Entra object id (it is not in the catalog). Fix: ask your platform team to import it with the Microsoft Graph catalog provider (which sets graph.microsoft.com/user-id) or to map it in completeClusters.principals.',
    );
    await expect(attempt).rejects.toThrow(
      'role binding platform-admin: group:default/platform-team has graph.microsoft.com/group-id "not-a-guid", which is not a Microsoft Entra object id.',
    );
    await expect(attempt).rejects.toMatchObject({ name: 'InputError' });
  });

  it('asks the catalog nothing for a template without role bindings', async () => {
    const { lookup, asked } = catalog();
    const spec = {
      ...production,
      policies: {
        ...production.policies,
        access: { locked: true, roleBindings: [] },
      },
    };
    await expect(
      resolvePrincipals({
        spec,
        requester: 'user:default/bob',
        overrides: {},
        lookup,
      }),
    ).resolves.toEqual({});
    expect(asked).toEqual([]);
  });

  describe('owner and owner-members', () => {
    const BOB_ID = '12121212-3434-4565-8787-909090909090';
    const spec = () => {
      const s = structuredClone(production);
      s.policies.access.roleBindings = [
        {
          name: 'team-admin',
          subjects: [{ kind: 'owner' }],
          permissions: ['view'],
          scope: { cluster: true },
        },
        {
          name: 'team-edit',
          subjects: [{ kind: 'owner-members' }],
          permissions: ['edit'],
          scope: { namespace: 'apps' },
        },
      ];
      return s;
    };
    const team = (...members: string[]): Entity => ({
      ...group('team-ai', TEAM_ID),
      relations: members.map(targetRef => ({ type: 'hasMember', targetRef })),
    });

    it('grants the owning group and each member the catalog lists, marked with the owner', async () => {
      const { lookup } = catalog(
        team('user:default/alice', 'user:default/bob'),
        user('alice', ALICE_ID),
        user('bob', BOB_ID),
      );
      const principals = await resolvePrincipals({
        spec: spec(),
        requester: 'user:default/alice',
        owner: 'group:default/team-ai',
        overrides: {},
        lookup,
      });
      expect(principals).toEqual({
        'group:default/team-ai': { objectId: TEAM_ID, type: 'Group' },
        'user:default/alice': {
          objectId: ALICE_ID,
          type: 'User',
          ownerMemberOf: 'group:default/team-ai',
        },
        'user:default/bob': {
          objectId: BOB_ID,
          type: 'User',
          ownerMemberOf: 'group:default/team-ai',
        },
      });
    });

    it('refuses a member without an Entra object id, naming the member, the group and the annotation', async () => {
      const { lookup } = catalog(
        team('user:default/alice', 'user:default/bob'),
        user('alice', ALICE_ID),
        user('bob'),
      );
      await expect(
        resolvePrincipals({
          spec: spec(),
          requester: 'user:default/alice',
          owner: 'group:default/team-ai',
          overrides: {},
          lookup,
        }),
      ).rejects.toThrow(
        'role binding team-edit: user:default/bob (a member of group:default/team-ai, which owns the cluster) has no Microsoft Entra object id. Fix: ask your platform team to import it with the Microsoft Graph catalog provider (which sets graph.microsoft.com/user-id)',
      );
    });

    it('stands for the owning user alone when a user owns the cluster', async () => {
      const { lookup } = catalog(user('alice', ALICE_ID));
      const principals = await resolvePrincipals({
        spec: spec(),
        requester: 'user:default/alice',
        overrides: {},
        lookup,
      });
      expect(principals).toEqual({
        'user:default/alice': {
          objectId: ALICE_ID,
          type: 'User',
          ownerMemberOf: 'user:default/alice',
        },
      });
    });
  });
});
