import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import {
  authProvidersExtensionPoint,
  createProxyAuthProviderFactory,
} from '@backstage/plugin-auth-node';
import { developmentUsersAuthenticator } from './developmentUsersAuthenticator';

/**
 * The auth provider `development`: sign in as one of the catalog users in
 * `auth.providers.development.users`, so that a local portal can be used as
 * several people (request a cluster as one, approve it as another). Their
 * group memberships come from the catalog, as with any real provider.
 * @public
 */
export const authModuleDevelopmentUsersProvider = createBackendModule({
  pluginId: 'auth',
  moduleId: 'development-users-provider',
  register(reg) {
    reg.registerInit({
      deps: {
        providers: authProvidersExtensionPoint,
        config: coreServices.rootConfig,
      },
      async init({ providers }) {
        providers.registerProvider({
          providerId: 'development',
          factory: createProxyAuthProviderFactory({
            authenticator: developmentUsersAuthenticator,
            signInResolver: async ({ result }, ctx) =>
              ctx.signInWithCatalogUser({ entityRef: result.userEntityRef }),
          }),
        });
      },
    });
  },
});
