import { createEmulator, Emulator } from './index';
import {
  API,
  call,
  clusterPath,
  rgPath,
  SUB,
  waitForOperation,
} from './__testUtils__/http';

const WORKSPACE = `/subscriptions/${SUB}/resourceGroups/rg-logs/providers/Microsoft.OperationalInsights/workspaces/logs-prod`;
const pools = [
  { name: 'system', mode: 'System', count: 1, vmSize: 'Standard_D4s_v5' },
];
const body = (addonProfiles: unknown, extra: Record<string, unknown> = {}) => ({
  location: 'westeurope',
  properties: {
    dnsPrefix: 'addons',
    agentPoolProfiles: pools,
    addonProfiles,
    ...extra,
  },
});

describe('managed cluster add-on profiles', () => {
  let emulator: Emulator;
  const url = `${clusterPath('rg', 'c1')}?${API}`;
  const put = (b: unknown) => call(emulator.url, 'PUT', url, b);

  beforeAll(async () => {
    emulator = await createEmulator({
      tls: false,
      operationDurationMs: 20,
      retryAfterSeconds: 0,
    });
  });
  afterAll(() => emulator?.close());
  beforeEach(async () => {
    await call(emulator.url, 'POST', '/_emulator/reset');
    await call(emulator.url, 'PUT', `${rgPath('rg')}?api-version=2024-11-01`, {
      location: 'westeurope',
    });
  });

  it("refuses an enabled omsagent without a well-formed workspace id (ARM's LinkedInvalidPropertyId)", async () => {
    const missing = await put(body({ omsagent: { enabled: true } }));
    expect(missing.status).toBe(400);
    expect(missing.body.error).toEqual({
      code: 'LinkedInvalidPropertyId',
      message:
        "Property id '' at path 'properties.addonProfiles.omsagent.config.logAnalyticsWorkspaceResourceID' is invalid. Expect fully qualified resource Id that start with '/subscriptions/{subscriptionId}' or '/providers/{resourceProviderNamespace}/'.",
    });
    const guid = await put(
      body({
        omsagent: {
          enabled: true,
          config: {
            logAnalyticsWorkspaceResourceID:
              '1c0e1a1e-0000-4000-8000-000000000000',
          },
        },
      }),
    );
    expect(guid.status).toBe(400);
    expect(guid.body.error.message).toContain(
      "Property id '1c0e1a1e-0000-4000-8000-000000000000'",
    );
    const storage = await put(
      body({
        omsagent: {
          enabled: true,
          config: {
            logAnalyticsWorkspaceResourceID: `/subscriptions/${SUB}/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/logs`,
          },
        },
      }),
    );
    expect(storage.status).toBe(400);
    expect(storage.body.error).toMatchObject({
      code: 'InvalidParameter',
      message: expect.stringContaining(
        'is not a Log Analytics workspace resource ID',
      ),
    });
    expect(
      (await put(body({ teleport: { enabled: true } }))).body.error.code,
    ).toBe('InvalidParameter');
    expect(
      (await put(body({ azurepolicy: { config: { version: 'v2' } } }))).status,
    ).toBe(400);
    expect(
      (
        await put(
          body({}, { azureMonitorProfile: { metrics: { enabled: 'yes' } } }),
        )
      ).status,
    ).toBe(400);
    expect(
      [...emulator.state.resources.values()].filter(
        r => r.kind === 'managedCluster',
      ),
    ).toEqual([]);
  });

  it('renders enabled add-ons with the identity AKS creates, matching keys case-insensitively', async () => {
    const created = await put(
      body(
        {
          omsAgent: {
            enabled: true,
            config: { logAnalyticsWorkspaceResourceID: WORKSPACE },
          },
          AzurePolicy: { enabled: true, config: { version: 'v2' } },
          azureKeyvaultSecretsProvider: { enabled: false },
        },
        { azureMonitorProfile: { metrics: { enabled: true } } },
      ),
    );
    expect(created.status).toBe(201);
    const addons = created.body.properties.addonProfiles;
    expect(Object.keys(addons).sort()).toEqual([
      'azureKeyvaultSecretsProvider',
      'azurepolicy',
      'omsagent',
    ]);
    expect(addons.omsagent).toEqual({
      enabled: true,
      config: { logAnalyticsWorkspaceResourceID: WORKSPACE },
      identity: {
        resourceId: `/subscriptions/${SUB}/resourcegroups/MC_rg_c1_westeurope/providers/Microsoft.ManagedIdentity/userAssignedIdentities/omsagent-c1`,
        clientId: expect.stringMatching(/^[0-9a-f-]{36}$/),
        objectId: expect.stringMatching(/^[0-9a-f-]{36}$/),
      },
    });
    expect(addons.azurepolicy).toMatchObject({
      enabled: true,
      config: { version: 'v2' },
      identity: { resourceId: expect.stringMatching(/\/azurepolicy-c1$/) },
    });
    expect(addons.azureKeyvaultSecretsProvider).toEqual({
      enabled: false,
      config: null,
    });
    expect(created.body.properties.azureMonitorProfile).toEqual({
      metrics: { enabled: true },
    });
    await waitForOperation(
      emulator.url,
      created.headers.get('azure-asyncoperation')!,
    );

    // An update keeps the add-on identities.
    const updated = await put({
      ...body({
        omsagent: {
          enabled: true,
          config: { logAnalyticsWorkspaceResourceID: WORKSPACE },
        },
      }),
      tags: { v: '2' },
    });
    expect(updated.status).toBe(200);
    expect(
      updated.body.properties.addonProfiles.omsagent.identity.clientId,
    ).toBe(addons.omsagent.identity.clientId);
  });

  it('shows an add-on flipped off behind the API without its identity, and the next PUT does work again', async () => {
    const request = body({
      omsagent: {
        enabled: true,
        config: { logAnalyticsWorkspaceResourceID: WORKSPACE },
      },
    });
    const created = await put(request);
    await waitForOperation(
      emulator.url,
      created.headers.get('azure-asyncoperation')!,
    );
    expect((await put(request)).headers.get('azure-asyncoperation')).toBeNull();

    const patched = await call(
      emulator.url,
      'PATCH',
      `/_emulator/resources?id=${encodeURIComponent(created.body.id)}`,
      {
        properties: { addonProfiles: { omsagent: { enabled: false } } },
      },
    );
    expect(patched.status).toBe(200);
    const got = await call(emulator.url, 'GET', url);
    expect(got.body.properties.addonProfiles.omsagent).toEqual({
      enabled: false,
      config: { logAnalyticsWorkspaceResourceID: WORKSPACE },
    });
    const again = await put(request);
    expect(again.headers.get('azure-asyncoperation')).not.toBeNull();
    expect(again.body.properties.addonProfiles.omsagent.identity).toBeDefined();
  });
});
