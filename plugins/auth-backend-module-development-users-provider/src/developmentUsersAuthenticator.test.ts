import { ConfigReader } from '@backstage/config';
import { developmentUsersAuthenticator } from './developmentUsersAuthenticator';

const config = new ConfigReader({
  users: [
    { entityRef: 'user:default/platform-engineer', title: 'Platform engineer' },
  ],
  dangerouslyAllowOutsideDevelopment: true,
});

async function signInFrom(remoteAddress: string | undefined) {
  const ctx = await developmentUsersAuthenticator.initialize({ config });
  const req = {
    socket: { remoteAddress },
    query: { user: 'user:default/platform-engineer' },
  } as any;
  return developmentUsersAuthenticator.authenticate({ req }, ctx);
}

describe('the development sign-in from another machine', () => {
  it.each(['127.0.0.1', '127.4.5.6', '::1', '::ffff:127.0.0.1'])(
    'signs in a request from this machine (%s)',
    async address => {
      await expect(signInFrom(address)).resolves.toEqual({
        result: { userEntityRef: 'user:default/platform-engineer' },
      });
    },
  );

  it.each([
    '10.1.2.3',
    '192.168.0.7',
    '::ffff:10.1.2.3',
    'fe80::1',
    '2001:db8::5',
    undefined,
  ])(
    'refuses a request from %s, even with the development users configured',
    async address => {
      await expect(signInFrom(address)).rejects.toThrow(
        'The development sign-in answers only requests from the machine the backend runs on.',
      );
    },
  );
});
