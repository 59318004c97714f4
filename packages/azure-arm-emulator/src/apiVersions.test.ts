import { createEmulator, Emulator } from './index';
import {
  API,
  call,
  clusterPath,
  rgPath,
  SUB,
  waitForOperation,
} from './__testUtils__/http';

const RG_API = 'api-version=2024-11-01';
const cluster = (extra: Record<string, unknown> = {}) => ({
  location: 'westeurope',
  properties: {
    dnsPrefix: 'apiv',
    agentPoolProfiles: [
      { name: 'system', mode: 'System', vmSize: 'Standard_D4s_v5', count: 1 },
    ],
    ...extra,
  },
});
const kc = (name: string) =>
  `${clusterPath('rg', name)}/providers/Microsoft.KubernetesConfiguration`;

describe('api-versions as Azure serves them', () => {
  let emulator: Emulator;

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
    await call(emulator.url, 'PUT', `${rgPath('rg')}?${RG_API}`, {
      location: 'westeurope',
    });
  });

  it('refuses a version AKS never published with NoRegisteredProviderFound, naming the location and the supported list', async () => {
    const res = await call(
      emulator.url,
      'PUT',
      `${clusterPath('rg', 'c1')}?api-version=2099-01-01`,
      cluster(),
    );
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('NoRegisteredProviderFound');
    expect(res.body.error.message).toMatch(
      /^No registered resource provider found for location 'westeurope' and API version '2099-01-01' for type 'managedClusters'\. The supported api-versions are '2017-08-31, 2018-03-31, .*, 2022-11-01, .*, 2025-10-01, .*2026-06-01'\. The supported locations are 'eastus, /,
    );
    // A retired preview is refused the same way; nothing was created.
    const retired = await call(
      emulator.url,
      'GET',
      `${clusterPath('rg', 'c1')}?api-version=2021-11-01-preview`,
    );
    expect(retired.body.error.code).toBe('NoRegisteredProviderFound');
    expect(emulator.state.resources.size).toBe(1);
  });

  it("refuses a malformed version, and any unknown one on ARM's own resource groups, with InvalidApiVersionParameter", async () => {
    const banana = await call(
      emulator.url,
      'GET',
      `${clusterPath('rg', 'c1')}?api-version=banana`,
    );
    expect(banana.status).toBe(400);
    expect(banana.body.error).toEqual({
      code: 'InvalidApiVersionParameter',
      message: expect.stringMatching(
        /^The api-version 'banana' is invalid\. The supported versions are '2026-06-01,2026-05-01,.*,2017-08-31'\.$/,
      ),
    });
    const rg = await call(
      emulator.url,
      'PUT',
      `${rgPath('rg2')}?api-version=2099-01-01`,
      { location: 'westeurope' },
    );
    expect(rg.status).toBe(400);
    expect(rg.body.error.code).toBe('InvalidApiVersionParameter');
    expect(rg.body.error.message).toMatch(
      /^The api-version '2099-01-01' is invalid\. The supported versions are '2025-04-01,2025-03-01,2024-11-01,/,
    );
    const role = await call(
      emulator.url,
      'GET',
      `/subscriptions/${SUB}/providers/Microsoft.Authorization/roleAssignments?api-version=2023-01-01`,
    );
    expect(role.body.error.code).toBe('NoRegisteredProviderFound');
    expect(role.body.error.message).toContain("for type 'roleAssignments'");
  });

  it.each([
    [
      '@azure/arm-containerservice 25.5',
      clusterPath('rg', 'absent').replace(/\/absent$/, ''),
      '2026-06-01',
    ],
    [
      'python azure-mgmt-containerservice',
      clusterPath('rg', 'absent').replace(/\/absent$/, ''),
      '2022-11-01',
    ],
    [
      'the fixtures',
      clusterPath('rg', 'absent').replace(/\/absent$/, ''),
      '2025-10-01',
    ],
    [
      '@azure/arm-resources 8',
      `/subscriptions/${SUB}/resourcegroups`,
      '2025-04-01',
    ],
    [
      'python azure-mgmt-resource',
      `/subscriptions/${SUB}/resourcegroups`,
      '2022-09-01',
    ],
    [
      '@azure/arm-kubernetesconfiguration 6.1',
      `${kc('c1')}/extensions`,
      '2023-05-01',
    ],
    [
      'python azure-mgmt-kubernetesconfiguration',
      `${kc('c1')}/fluxConfigurations`,
      '2022-03-01',
    ],
    [
      '@azure/arm-policy 7',
      `/subscriptions/${SUB}/providers/Microsoft.Authorization/policyAssignments`,
      '2025-03-01',
    ],
    [
      'python azure-mgmt-resource policy',
      `/subscriptions/${SUB}/providers/Microsoft.Authorization/policyAssignments`,
      '2021-06-01',
    ],
    [
      '@azure/arm-authorization 9 / python',
      `/subscriptions/${SUB}/providers/Microsoft.Authorization/roleAssignments`,
      '2022-04-01',
    ],
    [
      'python azure-mgmt-msi',
      `/subscriptions/${SUB}/resourceGroups/rg/providers/Microsoft.ManagedIdentity/userAssignedIdentities`,
      '2018-11-30',
    ],
    [
      'python azure-mgmt-resource subscriptions',
      '/subscriptions',
      '2021-01-01',
    ],
  ])(
    'serves %s at its default api-version (%s?api-version=%s)',
    async (_client, path, version) => {
      if (path.includes('/managedClusters/c1/')) {
        const put = await call(
          emulator.url,
          'PUT',
          `${clusterPath('rg', 'c1')}?${API}`,
          cluster(),
        );
        await waitForOperation(
          emulator.url,
          put.headers.get('azure-asyncoperation')!,
        );
      }
      const res = await call(
        emulator.url,
        'GET',
        `${path}?api-version=${version}`,
      );
      expect(res.status).toBe(200);
      expect(Array.isArray(res.body.value)).toBe(true);
    },
  );

  it('answers an extension at 2022-03-01 with installedVersion, and at newer versions with currentVersion', async () => {
    const put = await call(
      emulator.url,
      'PUT',
      `${clusterPath('rg', 'c1')}?${API}`,
      cluster(),
    );
    await waitForOperation(
      emulator.url,
      put.headers.get('azure-asyncoperation')!,
    );
    const ext = await call(
      emulator.url,
      'PUT',
      `${kc('c1')}/extensions/flux?api-version=2022-03-01`,
      {
        properties: { extensionType: 'microsoft.flux' },
      },
    );
    expect(ext.status).toBe(201);
    expect(ext.body.properties).toHaveProperty('installedVersion', null);
    expect(ext.body.properties).not.toHaveProperty('currentVersion');
    await waitForOperation(
      emulator.url,
      ext.headers.get('azure-asyncoperation')!,
    );

    const old = await call(
      emulator.url,
      'GET',
      `${kc('c1')}/extensions/flux?api-version=2022-03-01`,
    );
    expect(old.body.properties.installedVersion).toBe('1.19.5');
    expect(old.body.properties).not.toHaveProperty('currentVersion');
    expect(old.body.properties).not.toHaveProperty('isSystemExtension');
    const listed = await call(
      emulator.url,
      'GET',
      `${kc('c1')}/extensions?api-version=2022-03-01`,
    );
    expect(listed.body.value[0].properties.installedVersion).toBe('1.19.5');

    const current = await call(
      emulator.url,
      'GET',
      `${kc('c1')}/extensions/flux?api-version=2023-05-01`,
    );
    expect(current.body.properties.currentVersion).toBe('1.19.5');
    expect(current.body.properties).not.toHaveProperty('installedVersion');
  });

  it('keeps networkPluginMode through a read-modify-write at 2022-11-01, a version that cannot express it', async () => {
    const put = await call(
      emulator.url,
      'PUT',
      `${clusterPath('rg', 'c1')}?${API}`,
      cluster({
        networkProfile: {
          networkPlugin: 'azure',
          networkPluginMode: 'overlay',
          podCidr: '10.244.0.0/16',
        },
      }),
    );
    await waitForOperation(
      emulator.url,
      put.headers.get('azure-asyncoperation')!,
    );

    const old = await call(
      emulator.url,
      'GET',
      `${clusterPath('rg', 'c1')}?api-version=2022-11-01`,
    );
    expect(old.body.properties.networkProfile.networkPlugin).toBe('azure');
    expect(old.body.properties.networkProfile).not.toHaveProperty(
      'networkPluginMode',
    );

    // What an SDK at 2022-11-01 does to change a tag: read, change, write back.
    const {
      id: _id,
      name: _name,
      type: _type,
      eTag: _eTag,
      systemData: _sd,
      ...writable
    } = old.body;
    const back = await call(
      emulator.url,
      'PUT',
      `${clusterPath('rg', 'c1')}?api-version=2022-11-01`,
      { ...writable, tags: { team: 'a' } },
    );
    expect(back.status).toBe(200);
    await waitForOperation(
      emulator.url,
      back.headers.get('azure-asyncoperation')!,
    );

    const now = await call(
      emulator.url,
      'GET',
      `${clusterPath('rg', 'c1')}?${API}`,
    );
    expect(now.body.tags).toEqual({ team: 'a' });
    expect(now.body.properties.networkProfile.networkPluginMode).toBe(
      'overlay',
    );
  });
});
