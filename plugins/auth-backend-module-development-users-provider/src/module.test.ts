import request from 'supertest';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import authPlugin from '@backstage/plugin-auth-backend';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { authModuleDevelopmentUsersProvider } from './module';

const engineer = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'User',
  metadata: { name: 'platform-engineer', namespace: 'default' },
  spec: { memberOf: ['platform-team'] },
  relations: [{ type: 'memberOf', targetRef: 'group:default/platform-team' }],
};

async function start(development: object) {
  return startTestBackend({
    features: [
      authPlugin,
      authModuleDevelopmentUsersProvider,
      catalogServiceMock.factory({ entities: [engineer] }),
      mockServices.rootConfig.factory({
        data: {
          app: { baseUrl: 'http://localhost:3000' },
          auth: { providers: { development } },
        },
      }),
    ],
  });
}

const refresh = (server: any, query: string) =>
  request(server)
    .get(`/api/auth/development/refresh${query}`)
    .set('X-Requested-With', 'XMLHttpRequest');

const users = [
  { entityRef: 'user:default/platform-engineer', title: 'Platform engineer' },
];

describe('the development users sign-in', () => {
  it('signs in as a listed catalog user, with the groups the catalog gives them', async () => {
    const backend = await start({
      users,
      dangerouslyAllowOutsideDevelopment: true,
    });
    const { server } = backend;
    const res = await refresh(server, '?user=user:default/platform-engineer');
    expect(res.status).toBe(200);
    expect(res.body.backstageIdentity.identity).toEqual({
      type: 'user',
      userEntityRef: 'user:default/platform-engineer',
      ownershipEntityRefs: expect.arrayContaining([
        'user:default/platform-engineer',
        'group:default/platform-team',
      ]),
    });
    expect(res.body.backstageIdentity.token).toEqual(expect.any(String));
    await backend.stop();
  });

  it('refuses anyone not on the list, and a request that names no one', async () => {
    const backend = await start({
      users,
      dangerouslyAllowOutsideDevelopment: true,
    });
    const { server } = backend;
    const mallory = await refresh(server, '?user=user:default/mallory');
    expect(mallory.status).toBe(403);
    expect(mallory.body.error.message).toBe(
      'user:default/mallory is not one of the development users this portal lets you sign in as.',
    );
    expect((await refresh(server, '')).status).toBe(400);
    await backend.stop();
  });

  it('works only in development, like the guest provider', async () => {
    // Jest runs with NODE_ENV=test: without the explicit override, nobody signs in.
    const backend = await start({ users });
    const { server } = backend;
    const res = await refresh(server, '?user=user:default/platform-engineer');
    expect(res.status).toBe(403);
    expect(res.body.error.message).toMatch(
      /cannot be used outside of a development environment/,
    );
    await backend.stop();
  });
});
