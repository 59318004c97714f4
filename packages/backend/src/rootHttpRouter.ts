import { rootHttpRouterServiceFactory } from '@backstage/backend-defaults/rootHttpRouter';
import type { RootHttpRouterConfigureContext } from '@backstage/backend-defaults/rootHttpRouter';

/**
 * Backstage's root router with its defaults, except that an error answer
 * (401 from the credentials barrier, or any plugin's error) never carries a
 * stack trace: Backstage adds them whenever NODE_ENV is `development`, which
 * is how `yarn start` runs the portal. The log keeps them.
 */
export function configureWithoutStackTraces(
  context: Pick<RootHttpRouterConfigureContext, 'middleware' | 'applyDefaults'>,
) {
  const { middleware, applyDefaults } = context;
  const error = middleware.error.bind(middleware);
  middleware.error = options => error({ ...options, showStackTraces: false });
  applyDefaults();
}

/** The portal's root HTTP router. */
export const rootHttpRouter = rootHttpRouterServiceFactory({
  configure: configureWithoutStackTraces,
});
