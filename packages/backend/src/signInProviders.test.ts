import path from 'path';
import request from 'supertest';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { ConfigSources } from '@backstage/config-loader';
import authPlugin from '@backstage/plugin-auth-backend';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { signInProviders } from './signInProviders';

const root = path.resolve(__dirname, '../../..');

/** The repository's own configuration files, loaded the way the backend loads them. */
async function configOf(...files: string[]) {
  const source = ConfigSources.defaultForTargets({
    rootDir: root,
    targets: files.map(file => ({
      type: 'path' as const,
      target: path.join(root, file),
    })),
    substitutionFunc: async name => `\${${name}}`,
  });
  const config = await ConfigSources.toConfig(source);
  const data = config.get() as Record<string, any>;
  config.close();
  return data;
}

const guest = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'User',
  metadata: { name: 'guest', namespace: 'default' },
  spec: { memberOf: ['guests'] },
  relations: [{ type: 'memberOf', targetRef: 'group:default/guests' }],
};
const engineer = {
  ...guest,
  metadata: { name: 'platform-engineer', namespace: 'default' },
  relations: [],
};

/** Starts the auth plugin with the sign-in part (`auth`) of a configuration; the database is the test's own. */
async function startWith({ auth }: Record<string, any>) {
  return startTestBackend({
    features: [
      authPlugin,
      signInProviders,
      catalogServiceMock.factory({ entities: [guest, engineer] }),
      mockServices.rootConfig.factory({
        data: { auth, app: { baseUrl: 'http://localhost:3000' } },
      }),
    ],
  });
}

const refresh = (server: any, provider: string, query = '') =>
  request(server)
    .get(`/api/auth/${provider}/refresh${query}`)
    .set('X-Requested-With', 'XMLHttpRequest');

describe('sign-in providers of the portal', () => {
  const nodeEnv = process.env.NODE_ENV;
  afterEach(() => {
    process.env.NODE_ENV = nodeEnv;
  });

  it('has neither the guest nor the development sign-in under the production configuration, even in development', async () => {
    process.env.NODE_ENV = 'development';
    const backend = await startWith(
      await configOf('app-config.yaml', 'app-config.production.yaml'),
    );
    const development = await refresh(
      backend.server,
      'development',
      '?user=user:default/platform-engineer',
    );
    const asGuest = await refresh(backend.server, 'guest');
    expect([development.status, asGuest.status]).toEqual([404, 404]);
    expect(development.body.error.message).toMatch(
      /Unknown auth provider 'development'/,
    );
    await backend.stop();
  });

  it('has neither under the embedded defaults alone', async () => {
    process.env.NODE_ENV = 'development';
    const backend = await startWith(await configOf('app-config.yaml'));
    expect(
      (
        await refresh(
          backend.server,
          'development',
          '?user=user:default/platform-engineer',
        )
      ).status,
    ).toBe(404);
    expect((await refresh(backend.server, 'guest')).status).toBe(404);
    await backend.stop();
  });

  it('signs in as the catalog guest and the platform engineer with the quick start configuration', async () => {
    process.env.NODE_ENV = 'development';
    const backend = await startWith(
      await configOf('app-config.yaml', 'app-config.quickstart.yaml'),
    );
    const asGuest = await refresh(backend.server, 'guest');
    expect(asGuest.status).toBe(200);
    expect(asGuest.body.backstageIdentity.identity.userEntityRef).toBe(
      'user:default/guest',
    );
    expect(
      asGuest.body.backstageIdentity.identity.ownershipEntityRefs,
    ).toContain('group:default/guests');
    const development = await refresh(
      backend.server,
      'development',
      '?user=user:default/platform-engineer',
    );
    expect(development.status).toBe(200);
    expect(development.body.backstageIdentity.identity.userEntityRef).toBe(
      'user:default/platform-engineer',
    );
    await backend.stop();
  });
});
