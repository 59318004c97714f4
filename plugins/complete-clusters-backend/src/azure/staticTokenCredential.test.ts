import { DefaultAzureCredential } from '@azure/identity';
import { testToken } from '../__testUtils__/emulator';
import { credentialFor } from './createAzureClients';
import { StaticTokenCredential } from './staticTokenCredential';

const KEY = 'completeClusters.azure.credential.token';

describe('the credential of a configured token', () => {
  afterEach(() => jest.useRealTimers());

  it('reports the expiry the token carries, not one of its own making', async () => {
    const token = testToken(90);
    const exp = JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString()).exp;
    const credential = credentialFor({ type: 'accessToken', token });
    expect(credential).toBeInstanceOf(StaticTokenCredential);
    expect(await credential.getToken('https://management.azure.com/.default')).toEqual({ token, expiresOnTimestamp: exp * 1000 });
  });

  it('refuses to hand out the token once it has expired, naming the key to fix', async () => {
    const token = testToken(90);
    const credential = new StaticTokenCredential(token, KEY);
    jest.useFakeTimers({ now: Date.now() + 91_000 });
    await expect(credential.getToken('https://management.azure.com/.default')).rejects.toThrow(
      /^The token in completeClusters\.azure\.credential\.token expired at .*Z\. Fix: give a new one, or use credential type "default"/,
    );
  });

  it('refuses a token whose validity cannot be read', () => {
    expect(() => new StaticTokenCredential('local-emulator', KEY)).toThrow(
      'The token in completeClusters.azure.credential.token cannot be used: it is not a JSON Web Token',
    );
  });

  it('is DefaultAzureCredential unless a token is configured', () => {
    expect(credentialFor({ type: 'default' })).toBeInstanceOf(DefaultAzureCredential);
  });
});
