import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import { InputError, NotAllowedError } from '@backstage/errors';
import { createProxyAuthenticator } from '@backstage/plugin-auth-node';

/** The user a sign-in is for: one of the configured development users. */
export interface DevelopmentUserResult {
  userEntityRef: string;
}

interface Context {
  users: Map<string, string>;
  disabled: boolean;
}

/** Loopback addresses, IPv4 (127.0.0.0/8, also IPv4-mapped) and IPv6. */
function isLoopback(address: string | undefined): boolean {
  if (!address) return false;
  const v4 = address.startsWith('::ffff:')
    ? address.slice('::ffff:'.length)
    : address;
  return address === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(v4);
}

function normalize(ref: string): string {
  return stringifyEntityRef(
    parseEntityRef(ref, { defaultKind: 'user', defaultNamespace: 'default' }),
  ).toLocaleLowerCase('en-US');
}

/**
 * Authenticates a sign-in as one of `auth.providers.development.users`,
 * named by `?user=<entity ref>` on the refresh request. Like the guest
 * provider it refuses to work outside NODE_ENV=development unless
 * explicitly allowed, it never signs in anyone not on the list, and it
 * answers only requests from this machine (a loopback address), whatever the
 * configuration says.
 */
export const developmentUsersAuthenticator = createProxyAuthenticator<
  Context,
  DevelopmentUserResult,
  undefined
>({
  defaultProfileTransform: async result => ({
    profile: { displayName: parseEntityRef(result.userEntityRef).name },
  }),
  initialize({ config }) {
    const users = new Map(
      config.getConfigArray('users').map(user => {
        const ref = user.getString('entityRef');
        return [
          normalize(ref),
          stringifyEntityRef(
            parseEntityRef(ref, {
              defaultKind: 'user',
              defaultNamespace: 'default',
            }),
          ),
        ];
      }),
    );
    const disabled =
      process.env.NODE_ENV !== 'development' &&
      config.getOptionalBoolean('dangerouslyAllowOutsideDevelopment') !== true;
    return { users, disabled };
  },
  async authenticate({ req }, { users, disabled }) {
    if (disabled) {
      throw new NotAllowedError(
        "The development sign-in cannot be used outside of a development environment unless 'auth.providers.development.dangerouslyAllowOutsideDevelopment' is enabled",
      );
    }
    if (!isLoopback(req.socket.remoteAddress)) {
      throw new NotAllowedError(
        'The development sign-in answers only requests from the machine the backend runs on.',
      );
    }
    const requested = req.query.user;
    if (typeof requested !== 'string' || !requested) {
      throw new InputError(
        'Say whom to sign in as with ?user=<entity ref of one of auth.providers.development.users>.',
      );
    }
    let key: string;
    try {
      key = normalize(requested);
    } catch {
      throw new InputError(`"${requested}" is not an entity ref of a user.`);
    }
    const userEntityRef = users.get(key);
    if (!userEntityRef)
      throw new NotAllowedError(
        `${requested} is not one of the development users this portal lets you sign in as.`,
      );
    return { result: { userEntityRef } };
  },
});
