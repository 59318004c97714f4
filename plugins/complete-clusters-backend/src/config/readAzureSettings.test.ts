import { ConfigReader } from '@backstage/config';
import { emulatorAccessToken } from '@complete-clusters/azure-arm-emulator';
import { readAzureSettings, subscriptionFor } from './readAzureSettings';

const DEV = '00000000-0000-0000-0000-00000000d001';
const PROD = '00000000-0000-0000-0000-00000000d002';
const GPU = '00000000-0000-0000-0000-00000000d003';
const read = (azure: object) =>
  readAzureSettings(new ConfigReader({ completeClusters: { azure } }));

describe('readAzureSettings', () => {
  it('uses DefaultAzureCredential and Azure public cloud unless told otherwise', () => {
    expect(read({ subscriptionId: DEV })).toEqual({
      subscriptions: { default: DEV, byEnvironment: {}, byTemplate: {} },
      endpoint: undefined,
      credential: { type: 'default' },
      resourceGroupPrefix: 'rg-',
    });
  });

  it("chooses a new cluster's subscription by template first, then environment, then the default", () => {
    const settings = read({
      subscriptionId: DEV,
      subscriptions: {
        byEnvironment: { production: PROD },
        byTemplate: [
          {
            templateRef: 'ClusterTemplate:default/GPU-Training',
            subscriptionId: GPU,
          },
        ],
      },
    });
    expect(
      subscriptionFor(
        settings,
        'clustertemplate:default/developer',
        'development',
      ),
    ).toBe(DEV);
    expect(
      subscriptionFor(settings, 'clustertemplate:default/testing', 'testing'),
    ).toBe(DEV);
    expect(
      subscriptionFor(
        settings,
        'clustertemplate:default/production',
        'production',
      ),
    ).toBe(PROD);
    expect(
      subscriptionFor(
        settings,
        'clustertemplate:default/gpu-training',
        'production',
      ),
    ).toBe(GPU);
    expect(
      subscriptionFor(
        settings,
        'clustertemplate:default/gpu-training',
        'development',
      ),
    ).toBe(GPU);
  });

  it('needs no default when every environment has its subscription', () => {
    const byEnvironment = { development: DEV, testing: DEV, production: PROD };
    const settings = read({ subscriptions: { byEnvironment } });
    expect(settings.subscriptions).toEqual({ byEnvironment, byTemplate: {} });
    expect(
      subscriptionFor(settings, 'clustertemplate:default/x', 'testing'),
    ).toBe(DEV);
  });

  it('refuses subscriptions that would leave a cluster nowhere to go or somewhere Azure does not know, naming the key', () => {
    expect(() => read({})).toThrow(
      'Invalid configuration completeClusters.azure.subscriptionId: missing, and subscriptions.byEnvironment does not cover development, testing, production. Fix: set completeClusters.azure.subscriptionId (the default subscription), or a subscription for every environment under subscriptions.byEnvironment.',
    );
    expect(() =>
      read({ subscriptions: { byEnvironment: { production: PROD } } }),
    ).toThrow(
      'completeClusters.azure.subscriptionId: missing, and subscriptions.byEnvironment does not cover development, testing.',
    );
    expect(() => read({ subscriptionId: 'my-subscription' })).toThrow(
      'Invalid configuration completeClusters.azure.subscriptionId: "my-subscription" is not a subscription id. Fix: use the GUID shown by `az account show --query id`.',
    );
    expect(() =>
      read({
        subscriptionId: DEV,
        subscriptions: { byEnvironment: { staging: PROD } },
      }),
    ).toThrow(
      'Invalid configuration completeClusters.azure.subscriptions.byEnvironment.staging: "staging" is not an environment. Fix: use development, testing, production.',
    );
    expect(() =>
      read({
        subscriptionId: DEV,
        subscriptions: { byEnvironment: { production: 'prod' } },
      }),
    ).toThrow(
      'completeClusters.azure.subscriptions.byEnvironment.production: "prod" is not a subscription id',
    );
    expect(() =>
      read({
        subscriptionId: DEV,
        subscriptions: {
          byTemplate: [
            { templateRef: 'template:default/gpu', subscriptionId: GPU },
          ],
        },
      }),
    ).toThrow(
      'Invalid configuration completeClusters.azure.subscriptions.byTemplate[0].templateRef: "template:default/gpu" is not a ClusterTemplate entity ref. Fix: use the form clustertemplate:default/<name>.',
    );
    expect(() =>
      read({
        subscriptionId: DEV,
        subscriptions: {
          byTemplate: [
            { templateRef: 'gpu', subscriptionId: GPU },
            {
              templateRef: 'clustertemplate:default/gpu',
              subscriptionId: PROD,
            },
          ],
        },
      }),
    ).toThrow(
      'completeClusters.azure.subscriptions.byTemplate[1].templateRef: clustertemplate:default/gpu is listed twice',
    );
    expect(() =>
      read({
        subscriptionId: DEV,
        subscriptions: {
          byTemplate: [{ templateRef: 'gpu', subscriptionId: 'x' }],
        },
      }),
    ).toThrow(
      'completeClusters.azure.subscriptions.byTemplate[0].subscriptionId: "x" is not a subscription id',
    );
  });

  it('takes a static token only as a JWT that has not expired, and refuses credential keys that do nothing, naming the key', () => {
    const token = emulatorAccessToken({ expiresInSeconds: 3600 });
    expect(
      read({
        subscriptionId: DEV,
        endpoint: 'https://localhost:7443',
        credential: { type: 'accessToken', token },
      }).credential,
    ).toEqual({
      type: 'accessToken',
      token,
    });
    expect(() =>
      read({
        subscriptionId: DEV,
        credential: { type: 'accessToken', token: 'local-emulator' },
      }),
    ).toThrow(
      'Invalid configuration completeClusters.azure.credential.token: it is not a JSON Web Token (three base64url parts separated by dots). Fix: give a Resource Manager access token (a JWT), or use credential.type "default".',
    );
    const noExpiry = `${Buffer.from('{"alg":"none"}').toString(
      'base64url',
    )}.${Buffer.from('{"aud":"https://management.azure.com/"}').toString(
      'base64url',
    )}.`;
    expect(() =>
      read({
        subscriptionId: DEV,
        credential: { type: 'accessToken', token: noExpiry },
      }),
    ).toThrow(
      'completeClusters.azure.credential.token: it has no numeric exp claim, so when it expires is unknown',
    );
    expect(() =>
      read({
        subscriptionId: DEV,
        credential: {
          type: 'accessToken',
          token: emulatorAccessToken({ expiresInSeconds: -60 }),
        },
      }),
    ).toThrow(
      /^Invalid configuration completeClusters\.azure\.credential\.token: it expired at \d{4}-\d\d-\d\dT[\d:.]+Z\. Fix: give a new one, or use credential\.type "default"/,
    );
    expect(() =>
      read({ subscriptionId: DEV, credential: { type: 'accessToken' } }),
    ).toThrow(
      'Invalid configuration completeClusters.azure.credential.token: missing.',
    );
    expect(() => read({ subscriptionId: DEV, credential: { token } })).toThrow(
      'Invalid configuration completeClusters.azure.credential.token: is set, but credential.type is "default", which never uses it.',
    );
    expect(() =>
      read({ subscriptionId: DEV, credential: { type: 'servicePrincipal' } }),
    ).toThrow(
      'Invalid configuration completeClusters.azure.credential.type: "servicePrincipal" is not a credential type. Fix: use "default" (DefaultAzureCredential) or "accessToken" (the emulator).',
    );
    expect(() =>
      read({ subscriptionId: DEV, endpoint: 'http://localhost:7443' }),
    ).toThrow(
      'completeClusters.azure.endpoint: "http://localhost:7443" is not an https URL',
    );
  });
});
