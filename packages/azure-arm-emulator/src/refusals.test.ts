import { createEmulator, Emulator, emulatorAccessToken } from './index';
import {
  API,
  call,
  clusterPath,
  rgPath,
  SUB,
  waitForOperation,
} from './__testUtils__/http';

const RG_API = 'api-version=2024-11-01';
const KC_API = 'api-version=2023-05-01';
const AUTH_API = 'api-version=2022-04-01';
const body = (
  props: Record<string, unknown> = {},
  extra: Record<string, unknown> = {},
) => ({
  location: 'westeurope',
  ...extra,
  properties: {
    agentPoolProfiles: [
      { name: 'system', mode: 'System', vmSize: 'Standard_D4s_v5', count: 1 },
    ],
    ...props,
  },
});
const NETWORK_CONTRIBUTOR = '4d97b98b-1d4f-4787-a291-c67834d212e7';
const ACR_PULL = '7f951dda-4ed3-4680-a7ca-43fe172d538d';
const NO_PRIVILEGED =
  '/providers/Microsoft.Authorization/policyDefinitions/95edb821-ddaf-4404-9732-666045e056b4';

describe('refusals and answers as Azure gives them', () => {
  let emulator: Emulator;
  const create = async (
    name: string,
    props: Record<string, unknown> = {},
    extra: Record<string, unknown> = {},
  ) => {
    const res = await call(
      emulator.url,
      'PUT',
      `${clusterPath('rg', name)}?${API}`,
      body(props, extra),
    );
    if (res.status === 201)
      await waitForOperation(
        emulator.url,
        res.headers.get('azure-asyncoperation')!,
      );
    return res;
  };

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
    emulator.configure({ kubernetesVersions: null });
    await call(emulator.url, 'PUT', `${rgPath('rg')}?${RG_API}`, {
      location: 'westeurope',
    });
  });

  describe('names, DNS prefix, versions, network policy, Entra ID', () => {
    it.each(['-lead', 'trail-', 'a..b', 'bad_name!', 'x'.repeat(64)])(
      'refuses the cluster name %s with InvalidParameter and creates nothing',
      async name => {
        const res = await create(name);
        expect(res.status).toBe(400);
        expect(res.body).toMatchObject({
          code: 'InvalidParameter',
          target: 'resourceName',
          message: expect.stringContaining(
            'Cluster names must be 1-63 characters',
          ),
        });
        expect(emulator.state.resources.size).toBe(1);
      },
    );

    it('accepts the names AKS accepts: one character, underscores, 63 characters', async () => {
      for (const name of ['a', 'team_a-dev', 'x'.repeat(63)])
        expect((await create(name)).status).toBe(201);
    });

    it('refuses a DNS prefix over 54 characters or with characters DNS does not allow', async () => {
      for (const dnsPrefix of ['d'.repeat(55), 'under_score', '-x']) {
        const res = await create('c1', { dnsPrefix });
        expect(res.status).toBe(400);
        expect(res.body).toMatchObject({
          code: 'InvalidParameter',
          target: 'properties.dnsPrefix',
        });
      }
      expect((await create('c1', { dnsPrefix: 'd'.repeat(54) })).status).toBe(
        201,
      );
    });

    it('refuses Kubernetes versions the region does not offer, and resolves a minor version to its newest patch', async () => {
      for (const v of ['1.99.0', '1.12.0', '1.33.99']) {
        const res = await create('c1', { kubernetesVersion: v });
        expect(res.status).toBe(400);
        expect(res.body).toEqual({
          code: 'AgentPoolK8sVersionNotSupported',
          details: null,
          subcode: '',
          message: `Version ${v} is not supported in this region. Please use [az aks get-versions] command to get the supported version list in this region. For more information, please check https://aka.ms/supported-version-list`,
        });
      }
      const banana = await create('c1', { kubernetesVersion: 'banana' });
      expect(banana.body).toMatchObject({
        code: 'InvalidParameter',
        target: 'properties.kubernetesVersion',
      });
      const pool = await create('c1', {
        kubernetesVersion: '1.33',
        agentPoolProfiles: [
          {
            name: 'system',
            mode: 'System',
            vmSize: 'Standard_D4s_v5',
            count: 1,
            orchestratorVersion: '1.20.0',
          },
        ],
      });
      expect(pool.body).toMatchObject({
        code: 'AgentPoolK8sVersionNotSupported',
      });
      await create('cp');
      const poolPut = await call(
        emulator.url,
        'PUT',
        `${clusterPath('rg', 'cp')}/agentPools/user1?${API}`,
        {
          properties: {
            mode: 'User',
            vmSize: 'Standard_D4s_v5',
            count: 1,
            orchestratorVersion: '1.99.0',
          },
        },
      );
      expect(poolPut.body).toMatchObject({
        code: 'AgentPoolK8sVersionNotSupported',
      });

      // The versions the example templates use ('1.32', '1.33').
      for (const [name, v] of [
        ['c32', '1.32'],
        ['c33', '1.33'],
      ]) {
        const ok = await create(name, { kubernetesVersion: v });
        expect(ok.status).toBe(201);
        const got = await call(
          emulator.url,
          'GET',
          `${clusterPath('rg', name)}?${API}`,
        );
        expect(got.body.properties).toMatchObject({
          kubernetesVersion: v,
          currentKubernetesVersion: v === '1.33' ? '1.33.5' : '1.32.9',
        });
      }
    });

    it('offers versions per region and lists them at locations/{l}/kubernetesVersions', async () => {
      emulator.configure({ kubernetesVersions: { southeastasia: ['1.32'] } });
      await call(emulator.url, 'PUT', `${rgPath('rg-sea')}?${RG_API}`, {
        location: 'southeastasia',
      });
      const refused = await call(
        emulator.url,
        'PUT',
        `${clusterPath('rg-sea', 'c1')}?${API}`,
        { ...body({ kubernetesVersion: '1.33' }), location: 'southeastasia' },
      );
      expect(refused.body.code).toBe('AgentPoolK8sVersionNotSupported');

      const sea = await call(
        emulator.url,
        'GET',
        `/subscriptions/${SUB}/providers/Microsoft.ContainerService/locations/southeastasia/kubernetesVersions?${API}`,
      );
      expect(sea.status).toBe(200);
      expect(sea.body.values.map((v: any) => v.version)).toEqual(['1.32']);
      const we = await call(
        emulator.url,
        'GET',
        `/subscriptions/${SUB}/providers/Microsoft.ContainerService/locations/westeurope/kubernetesVersions?${API}`,
      );
      const v133 = we.body.values.find((v: any) => v.version === '1.33');
      expect(v133).toMatchObject({
        isDefault: true,
        isPreview: false,
        capabilities: { supportPlan: ['KubernetesOfficial'] },
      });
      expect(v133.patchVersions['1.33.3'].upgrades).toEqual([
        '1.33.5',
        '1.34.0',
        '1.34.1',
      ]);
      // The endpoint is newer than 2022-11-01.
      const old = await call(
        emulator.url,
        'GET',
        `/subscriptions/${SUB}/providers/Microsoft.ContainerService/locations/westeurope/kubernetesVersions?api-version=2022-11-01`,
      );
      expect(old.body.error.code).toBe('NoRegisteredProviderFound');
    });

    it('refuses an unknown network plugin or policy, and Cilium policy without the Cilium dataplane', async () => {
      for (const [networkProfile, target] of [
        [
          { networkPlugin: 'azure', networkPolicy: 'bogus' },
          'properties.networkProfile.networkPolicy',
        ],
        [
          { networkPlugin: 'flannel' },
          'properties.networkProfile.networkPlugin',
        ],
        [
          { networkPlugin: 'azure', networkPolicy: 'cilium' },
          'properties.networkProfile.networkPolicy',
        ],
      ] as const) {
        const res = await create('c1', { networkProfile });
        expect(res.status).toBe(400);
        expect(res.body).toMatchObject({ code: 'InvalidParameter', target });
      }
      const cilium = await create('c1', {
        networkProfile: {
          networkPlugin: 'azure',
          networkPluginMode: 'overlay',
          networkDataplane: 'cilium',
          networkPolicy: 'cilium',
        },
      });
      expect(cilium.status).toBe(201);
    });

    it('refuses Azure RBAC without managed Entra ID integration', async () => {
      const res = await create('c1', { aadProfile: { enableAzureRBAC: true } });
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({
        code: 'InvalidParameter',
        target: 'properties.aadProfile.enableAzureRBAC',
        message: expect.stringContaining('managed'),
      });
      const noRbac = await create('c1', {
        enableRBAC: false,
        aadProfile: { managed: true, enableAzureRBAC: true },
      });
      expect(noRbac.status).toBe(400);
      expect(
        (
          await create('c1', {
            aadProfile: { managed: true, enableAzureRBAC: true },
          })
        ).status,
      ).toBe(201);
    });
  });

  describe('identities and built-in roles', () => {
    it('gives each cluster its own system-assigned and kubelet identity, which role assignments take', async () => {
      await create('c1', {}, { identity: { type: 'SystemAssigned' } });
      await create('c2', {}, { identity: { type: 'SystemAssigned' } });
      const [a, b] = await Promise.all(
        ['c1', 'c2'].map(n =>
          call(emulator.url, 'GET', `${clusterPath('rg', n)}?${API}`),
        ),
      );
      expect(a.body.identity).toMatchObject({
        type: 'SystemAssigned',
        tenantId: expect.stringMatching(/^[0-9a-f-]{36}$/),
      });
      expect(a.body.identity.principalId).not.toBe(b.body.identity.principalId);
      const kubelet = a.body.properties.identityProfile.kubeletidentity;
      expect(kubelet).toEqual({
        resourceId: `/subscriptions/${SUB}/resourcegroups/MC_rg_c1_westeurope/providers/Microsoft.ManagedIdentity/userAssignedIdentities/c1-agentpool`,
        clientId: expect.stringMatching(/^[0-9a-f-]{36}$/),
        objectId: expect.stringMatching(/^[0-9a-f-]{36}$/),
      });
      // Kept across an update.
      await create(
        'c1',
        { kubernetesVersion: '1.33' },
        { identity: { type: 'SystemAssigned' } },
      );
      const again = await call(
        emulator.url,
        'GET',
        `${clusterPath('rg', 'c1')}?${API}`,
      );
      expect(again.body.identity.principalId).toBe(a.body.identity.principalId);
      expect(again.body.properties.identityProfile.kubeletidentity).toEqual(
        kubelet,
      );

      const scope = `/subscriptions/${SUB}/resourceGroups/rg`;
      const grant = (name: string, principalId: string, role: string) =>
        call(
          emulator.url,
          'PUT',
          `${scope}/providers/Microsoft.Authorization/roleAssignments/${name}?${AUTH_API}`,
          {
            properties: {
              roleDefinitionId: `/subscriptions/${SUB}/providers/Microsoft.Authorization/roleDefinitions/${role}`,
              principalId,
              principalType: 'ServicePrincipal',
            },
          },
        );
      expect(
        (
          await grant(
            '11111111-0000-4000-8000-000000000001',
            a.body.identity.principalId,
            NETWORK_CONTRIBUTOR,
          )
        ).status,
      ).toBe(201);
      expect(
        (
          await grant(
            '11111111-0000-4000-8000-000000000002',
            b.body.identity.principalId,
            NETWORK_CONTRIBUTOR,
          )
        ).status,
      ).toBe(201);
      expect(
        (
          await grant(
            '11111111-0000-4000-8000-000000000003',
            kubelet.objectId,
            ACR_PULL,
          )
        ).status,
      ).toBe(201);
    });

    it('creates user-assigned identities whose principal ids clusters and role assignments use', async () => {
      const path = `/subscriptions/${SUB}/resourceGroups/rg/providers/Microsoft.ManagedIdentity/userAssignedIdentities`;
      const put = await call(
        emulator.url,
        'PUT',
        `${path}/id-kubelet?api-version=2023-01-31`,
        { location: 'westeurope' },
      );
      expect(put.status).toBe(201);
      expect(put.body).toMatchObject({
        name: 'id-kubelet',
        type: 'Microsoft.ManagedIdentity/userAssignedIdentities',
        properties: {
          tenantId: expect.any(String),
          principalId: expect.stringMatching(/^[0-9a-f-]{36}$/),
          clientId: expect.stringMatching(/^[0-9a-f-]{36}$/),
        },
      });
      expect(
        (
          await call(
            emulator.url,
            'GET',
            `${path}/id-kubelet?api-version=2018-11-30`,
          )
        ).body,
      ).toEqual(put.body);
      const bad = await call(
        emulator.url,
        'PUT',
        `${path}/x?api-version=2023-01-31`,
        { location: 'westeurope' },
      );
      expect(bad.body.error.code).toBe('InvalidResourceName');

      const uai = put.body.id;
      await create(
        'c1',
        { identityProfile: { kubeletidentity: { resourceId: uai } } },
        {
          identity: {
            type: 'UserAssigned',
            userAssignedIdentities: { [uai]: {} },
          },
        },
      );
      const c = await call(
        emulator.url,
        'GET',
        `${clusterPath('rg', 'c1')}?${API}`,
      );
      expect(c.body.identity.userAssignedIdentities[uai]).toEqual({
        principalId: put.body.properties.principalId,
        clientId: put.body.properties.clientId,
      });
      expect(c.body.properties.identityProfile.kubeletidentity).toEqual({
        resourceId: uai,
        objectId: put.body.properties.principalId,
        clientId: put.body.properties.clientId,
      });
      const granted = await call(
        emulator.url,
        'PUT',
        `/subscriptions/${SUB}/providers/Microsoft.Authorization/roleAssignments/22222222-0000-4000-8000-000000000001?${AUTH_API}`,
        {
          properties: {
            roleDefinitionId: `/subscriptions/${SUB}/providers/Microsoft.Authorization/roleDefinitions/${ACR_PULL}`,
            principalId: put.body.properties.principalId,
          },
        },
      );
      expect(granted.status).toBe(201);
    });

    it.each([
      [NETWORK_CONTRIBUTOR, 'Network Contributor'],
      [ACR_PULL, 'AcrPull'],
      ['8311e382-0749-4cb8-b61a-304f252e45ec', 'AcrPush'],
      ['f1a07417-d97a-45cb-824c-7a7467783830', 'Managed Identity Operator'],
      ['b12aa53e-6015-4669-85d0-8515ebb3ae7f', 'Private DNS Zone Contributor'],
      ['3913510d-42f4-4e42-8a64-420c390055eb', 'Monitoring Metrics Publisher'],
      ['4633458b-17de-408a-b874-0445c86b69e6', 'Key Vault Secrets User'],
      ['2a2b9908-6ea1-4ae2-8e65-a410df84e7d1', 'Storage Blob Data Reader'],
    ])('knows the built-in role %s (%s)', async (id, roleName) => {
      const res = await call(
        emulator.url,
        'GET',
        `/subscriptions/${SUB}/providers/Microsoft.Authorization/roleDefinitions/${id}?${AUTH_API}`,
      );
      expect(res.status).toBe(200);
      expect(res.body.properties).toMatchObject({
        roleName,
        type: 'BuiltInRole',
      });
    });
  });

  describe('endpoints', () => {
    const kc = (name: string) =>
      `${clusterPath('rg', name)}/providers/Microsoft.KubernetesConfiguration`;

    it('answers the upgrade profile with later patches and the next minor', async () => {
      await create('c1', { kubernetesVersion: '1.32.7' });
      const res = await call(
        emulator.url,
        'GET',
        `${clusterPath('rg', 'c1')}/upgradeProfiles/default?${API}`,
      );
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({
        name: 'default',
        type: 'Microsoft.ContainerService/managedClusters/upgradeprofiles',
        properties: {
          controlPlaneProfile: {
            kubernetesVersion: '1.32.7',
            osType: 'Linux',
            upgrades: [
              { kubernetesVersion: '1.32.9' },
              { kubernetesVersion: '1.33.2' },
              { kubernetesVersion: '1.33.3' },
              { kubernetesVersion: '1.33.5' },
            ],
          },
          agentPoolProfiles: [{ name: 'system', kubernetesVersion: '1.32.7' }],
        },
      });
    });

    it('PATCHes an extension and a Flux configuration, merging into what is stored', async () => {
      await create('c1');
      const ext = await call(
        emulator.url,
        'PUT',
        `${kc('c1')}/extensions/flux?${KC_API}`,
        {
          properties: {
            extensionType: 'microsoft.flux',
            configurationSettings: { a: '1', b: '2' },
          },
        },
      );
      await waitForOperation(
        emulator.url,
        ext.headers.get('azure-asyncoperation')!,
      );
      const patched = await call(
        emulator.url,
        'PATCH',
        `${kc('c1')}/extensions/flux?${KC_API}`,
        {
          properties: {
            configurationSettings: { b: null, c: '3' },
            autoUpgradeMinorVersion: false,
            version: '1.19.5',
          },
        },
      );
      expect(patched.status).toBe(200);
      await waitForOperation(
        emulator.url,
        patched.headers.get('azure-asyncoperation')!,
      );
      const got = await call(
        emulator.url,
        'GET',
        `${kc('c1')}/extensions/flux?${KC_API}`,
      );
      expect(got.body.properties).toMatchObject({
        extensionType: 'microsoft.flux',
        autoUpgradeMinorVersion: false,
        version: '1.19.5',
        configurationSettings: { a: '1', c: '3' },
        provisioningState: 'Succeeded',
      });
      expect(got.body.properties.configurationSettings).not.toHaveProperty('b');
      const notPatchable = await call(
        emulator.url,
        'PATCH',
        `${kc('c1')}/extensions/flux?${KC_API}`,
        { properties: { extensionType: 'microsoft.dapr' } },
      );
      expect(notPatchable.status).toBe(400);

      const flux = await call(
        emulator.url,
        'PUT',
        `${kc('c1')}/fluxConfigurations/apps?${KC_API}`,
        {
          properties: {
            scope: 'cluster',
            namespace: 'flux-system',
            sourceKind: 'GitRepository',
            gitRepository: {
              url: 'https://github.com/example/apps',
              repositoryRef: { branch: 'main' },
            },
            kustomizations: { apps: { path: './apps' } },
          },
        },
      );
      await waitForOperation(
        emulator.url,
        flux.headers.get('azure-asyncoperation')!,
      );
      const suspended = await call(
        emulator.url,
        'PATCH',
        `${kc('c1')}/fluxConfigurations/apps?${KC_API}`,
        { properties: { suspend: true } },
      );
      expect(suspended.status).toBe(200);
      await waitForOperation(
        emulator.url,
        suspended.headers.get('azure-asyncoperation')!,
      );
      const fluxGot = await call(
        emulator.url,
        'GET',
        `${kc('c1')}/fluxConfigurations/apps?${KC_API}`,
      );
      expect(fluxGot.body.properties).toMatchObject({
        suspend: true,
        complianceState: 'Suspended',
        gitRepository: { url: 'https://github.com/example/apps' },
      });
      expect(
        (
          await call(
            emulator.url,
            'PATCH',
            `${kc('c1')}/fluxConfigurations/nope?${KC_API}`,
            { properties: { suspend: true } },
          )
        ).status,
      ).toBe(404);
    });

    it('lists and gets subscriptions, and refuses an unknown one with SubscriptionNotFound', async () => {
      const list = await call(
        emulator.url,
        'GET',
        '/subscriptions?api-version=2022-12-01',
      );
      expect(list.body.value.map((s: any) => s.subscriptionId)).toContain(SUB);
      const one = await call(
        emulator.url,
        'GET',
        `/subscriptions/${SUB}?api-version=2022-12-01`,
      );
      expect(one.body).toMatchObject({
        id: `/subscriptions/${SUB}`,
        subscriptionId: SUB,
        state: 'Enabled',
        tenantId: expect.any(String),
      });
      const unknown = 'deadbeef-0000-4000-8000-000000000000';
      for (const path of [
        `/subscriptions/${unknown}?api-version=2022-12-01`,
        `${rgPath('rg', unknown)}?${RG_API}`,
        `${clusterPath('rg', 'c1', unknown)}?${API}`,
      ]) {
        const res = await call(emulator.url, 'GET', path);
        expect(res.status).toBe(404);
        expect(res.body.error).toEqual({
          code: 'SubscriptionNotFound',
          message: `The subscription '${unknown}' could not be found.`,
        });
      }
      emulator.configure({ subscriptions: [unknown] });
      expect(
        (
          await call(
            emulator.url,
            'GET',
            `/subscriptions/${unknown}?api-version=2022-12-01`,
          )
        ).status,
      ).toBe(200);
      expect(
        (
          await call(
            emulator.url,
            'GET',
            `/subscriptions/${SUB}?api-version=2022-12-01`,
          )
        ).status,
      ).toBe(404);
      emulator.configure({ subscriptions: null });
    });

    it('answers provider registration for Microsoft.ContainerService', async () => {
      const got = await call(
        emulator.url,
        'GET',
        `/subscriptions/${SUB}/providers/Microsoft.ContainerService?api-version=2021-04-01`,
      );
      expect(got.status).toBe(200);
      expect(got.body).toMatchObject({
        namespace: 'Microsoft.ContainerService',
        registrationState: 'Registered',
      });
      const mc = got.body.resourceTypes.find(
        (t: any) => t.resourceType === 'managedClusters',
      );
      expect(mc.apiVersions[0]).toBe('2026-06-01');
      expect(mc.apiVersions).toContain('2022-11-01');
      const reg = await call(
        emulator.url,
        'POST',
        `/subscriptions/${SUB}/providers/Microsoft.ContainerService/register?api-version=2021-04-01`,
      );
      expect(reg.body.registrationState).toBe('Registered');
    });

    it('refuses policy assignment names Azure refuses with InvalidPolicyAssignmentName', async () => {
      const scope = `/subscriptions/${SUB}/resourceGroups/rg`;
      for (const name of ['p'.repeat(65), 'a.b', 'a%3Cb', 'trailing%20']) {
        const res = await call(
          emulator.url,
          'PUT',
          `${scope}/providers/Microsoft.Authorization/policyAssignments/${name}?api-version=2025-03-01`,
          {
            properties: { policyDefinitionId: NO_PRIVILEGED },
          },
        );
        expect(res.status).toBe(400);
        expect(res.body.error.code).toBe('InvalidPolicyAssignmentName');
      }
      const ok = await call(
        emulator.url,
        'PUT',
        `${scope}/providers/Microsoft.Authorization/policyAssignments/${'p'.repeat(
          64,
        )}?api-version=2025-03-01`,
        {
          properties: { policyDefinitionId: NO_PRIVILEGED },
        },
      );
      expect(ok.status).toBe(201);
    });

    it('reports compliance states for the clusters a policy assignment covers', async () => {
      await create('c1');
      const scope = `/subscriptions/${SUB}/resourceGroups/rg`;
      await call(
        emulator.url,
        'PUT',
        `${scope}/providers/Microsoft.Authorization/policyAssignments/no-privileged?api-version=2025-03-01`,
        {
          properties: {
            policyDefinitionId: NO_PRIVILEGED,
            parameters: { effect: { value: 'Deny' } },
          },
        },
      );
      const res = await call(
        emulator.url,
        'POST',
        `/subscriptions/${SUB}/providers/Microsoft.PolicyInsights/policyStates/latest/queryResults?api-version=2019-10-01`,
      );
      expect(res.status).toBe(200);
      expect(res.body['@odata.count']).toBe(1);
      expect(res.body.value[0]).toMatchObject({
        resourceId: `/subscriptions/${SUB}/resourcegroups/rg/providers/Microsoft.ContainerService/managedClusters/c1`,
        policyAssignmentName: 'no-privileged',
        complianceState: 'Compliant',
        isCompliant: true,
      });
    });

    it('answers what it does not emulate with 501 saying so, not a misleading 404', async () => {
      await create('c1');
      for (const [method, path] of [
        ['POST', `${clusterPath('rg', 'c1')}/stop?${API}`],
        [
          'GET',
          `/subscriptions/${SUB}/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/v?api-version=2024-05-01`,
        ],
      ]) {
        const res = await call(emulator.url, method, path);
        expect(res.status).toBe(501);
        expect(res.body.error).toMatchObject({
          code: 'NotImplemented',
          message: expect.stringContaining('does not emulate'),
        });
      }
    });
  });

  describe("AKS's per-operation throttling", () => {
    afterEach(() =>
      emulator.configure({
        throttling: {
          managedClusterPuts: { capacity: 20, refillPerSecond: 1 / 60 },
          managedClusterGets: { capacity: 60, refillPerSecond: 1 },
        },
      }),
    );

    it('limits PUTs per cluster and GETs per cluster, leaving other clusters and ARM reads alone', async () => {
      expect(emulator.config.throttling).toMatchObject({
        reads: { capacity: 250, refillPerSecond: 25 },
        writes: { capacity: 200, refillPerSecond: 10 },
        managedClusterPuts: { capacity: 20, refillPerSecond: 1 / 60 },
        agentPoolPuts: { capacity: 20, refillPerSecond: 1 / 60 },
        subscriptionClusterLists: { capacity: 500, refillPerSecond: 1 },
        aksOperationStatus: { capacity: 200, refillPerSecond: 2 },
      });
      emulator.configure({
        throttling: {
          managedClusterPuts: { capacity: 1, refillPerSecond: 0.001 },
          managedClusterGets: { capacity: 2, refillPerSecond: 0.001 },
        },
      });
      expect((await create('c1')).status).toBe(201);
      const again = await call(
        emulator.url,
        'PUT',
        `${clusterPath('rg', 'c1')}?${API}`,
        body({ kubernetesVersion: '1.33' }),
      );
      expect(again.status).toBe(429);
      expect(again.body.error.code).toBe('TooManyRequests');
      expect(Number(again.headers.get('retry-after'))).toBeGreaterThan(100);
      expect((await create('c2')).status).toBe(201);
      for (let i = 0; i < 2; i++)
        expect(
          (await call(emulator.url, 'GET', `${clusterPath('rg', 'c1')}?${API}`))
            .status,
        ).toBe(200);
      expect(
        (await call(emulator.url, 'GET', `${clusterPath('rg', 'c1')}?${API}`))
          .status,
      ).toBe(429);
      expect(
        (await call(emulator.url, 'GET', `${clusterPath('rg', 'c2')}?${API}`))
          .status,
      ).toBe(200);
      expect(emulator.state.stats.throttledByClass).toMatchObject({
        managedClusterPuts: 1,
        managedClusterGets: 1,
        reads: 0,
      });
    });
  });

  describe('authentication first', () => {
    const raw = (headers: Record<string, string>, text?: string) =>
      fetch(`${emulator.url}${clusterPath('rg', 'c1')}?${API}`, {
        method: 'PUT',
        headers: { 'Content-Type': 'application/json', ...headers },
        body: text,
      });

    it('answers 401 with WWW-Authenticate before looking at the body, and 400 for a bad body after', async () => {
      const none = await raw({}, '{not json');
      expect(none.status).toBe(401);
      expect(none.headers.get('www-authenticate')).toMatch(
        /^Bearer authorization_uri="https:\/\/login\.microsoftonline\.com\/common", error="invalid_token"/,
      );
      expect((await none.json()).error.code).toBe('AuthenticationFailed');
      const authed = await raw(
        { Authorization: `Bearer ${emulatorAccessToken()}` },
        '{not json',
      );
      expect(authed.status).toBe(400);
      expect((await authed.json()).error.code).toBe('InvalidRequestContent');
    });

    it('refuses a bearer string that is not a JWT, an expired token and one for another audience', async () => {
      const wrongAudience = emulatorAccessToken().split('.');
      wrongAudience[1] = Buffer.from(
        JSON.stringify({
          aud: 'https://graph.microsoft.com',
          exp: Math.floor(Date.now() / 1000) + 60,
        }),
      ).toString('base64url');
      for (const [token, code] of [
        ['test-token', 'InvalidAuthenticationToken'],
        [
          emulatorAccessToken({ expiresInSeconds: -60 }),
          'ExpiredAuthenticationToken',
        ],
        [wrongAudience.join('.'), 'InvalidAuthenticationTokenAudience'],
      ]) {
        const res = await raw(
          { Authorization: `Bearer ${token}` },
          JSON.stringify(body()),
        );
        expect(res.status).toBe(401);
        expect(res.headers.get('www-authenticate')).toContain(
          'error="invalid_token"',
        );
        expect((await res.json()).error.code).toBe(code);
      }
      expect(emulator.state.resources.size).toBe(1);
    });
  });
});
