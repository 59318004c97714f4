import {
  coreServices,
  createBackendFeatureLoader,
} from '@backstage/backend-plugin-api';
import guestProvider from '@backstage/plugin-auth-backend-module-guest-provider';
import developmentUsersProvider from '@complete-clusters/plugin-auth-backend-module-development-users-provider';

/**
 * The guest and development sign-ins, each added only when its
 * `auth.providers.<id>` block is configured (app-config.quickstart.yaml does;
 * app-config.yaml and app-config.production.yaml do not). Without this the
 * guest module would throw at start-up for want of its configuration, and the
 * development module would be one configuration line away from production.
 */
export const signInProviders = createBackendFeatureLoader({
  deps: { config: coreServices.rootConfig },
  *loader({ config }) {
    if (config.has('auth.providers.guest')) yield guestProvider;
    if (config.has('auth.providers.development'))
      yield developmentUsersProvider;
  },
});
