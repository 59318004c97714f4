import { DefaultAzureCredential } from '@azure/identity';
import { emulatorAccessToken } from '@complete-clusters/azure-arm-emulator';
import { createAzureClients, credentialFor } from './createAzureClients';
import { describeAzureError } from './describeAzureError';
import { StaticTokenCredential } from './staticTokenCredential';

const KEY = 'completeClusters.azure.credential.token';

describe('the credential of a configured token', () => {
  afterEach(() => jest.useRealTimers());

  it('reports the expiry the token carries, not one of its own making', async () => {
    const token = emulatorAccessToken({ expiresInSeconds: 90 });
    const exp = JSON.parse(
      Buffer.from(token.split('.')[1], 'base64url').toString(),
    ).exp;
    const credential = credentialFor({ type: 'accessToken', token });
    expect(credential).toBeInstanceOf(StaticTokenCredential);
    expect(
      await credential.getToken('https://management.azure.com/.default'),
    ).toEqual({ token, expiresOnTimestamp: exp * 1000 });
  });

  it('refuses to hand out the token once it has expired, naming the key to fix', async () => {
    const token = emulatorAccessToken({ expiresInSeconds: 90 });
    const credential = new StaticTokenCredential(token, KEY);
    jest.useFakeTimers({ now: Date.now() + 91_000 });
    await expect(
      credential.getToken('https://management.azure.com/.default'),
    ).rejects.toThrow(
      /^The token in completeClusters\.azure\.credential\.token expired at .*Z\. Fix: give a new one, or use credential type "default"/,
    );
  });

  it('stops an SDK call before anything is sent, and the cluster fails with the reason instead of retrying', async () => {
    const token = emulatorAccessToken({ expiresInSeconds: -60 });
    // Nothing listens there: the call must end at the credential, before the network.
    const azure = createAzureClients({
      subscriptionId: '00000000-0000-0000-0000-0000000000c1',
      endpoint: 'https://127.0.0.1:9',
      credential: { type: 'accessToken', token },
    });
    const error = await azure.resources.resourceGroups
      .get('rg-dev-1')
      .catch(e => e);
    const failure = describeAzureError(
      error,
      'reading resource group rg-dev-1',
    );
    expect(failure.transient).toBe(false);
    expect(failure.message).toMatch(
      /^The portal could not sign in to Azure for reading resource group rg-dev-1, so nothing was sent\. The token in completeClusters\.azure\.credential\.token expired at .*Z\. Fix: give a new one/,
    );
  });

  it('refuses a token whose validity cannot be read', () => {
    expect(() => new StaticTokenCredential('local-emulator', KEY)).toThrow(
      'The token in completeClusters.azure.credential.token cannot be used: it is not a JSON Web Token',
    );
  });

  it('is DefaultAzureCredential unless a token is configured', () => {
    expect(credentialFor({ type: 'default' })).toBeInstanceOf(
      DefaultAzureCredential,
    );
  });
});
