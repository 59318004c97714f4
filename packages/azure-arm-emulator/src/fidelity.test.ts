import fs from 'node:fs';
import path from 'node:path';
import {
  AZURE_REGIONS,
  createEmulator,
  DEFAULT_SUBSCRIPTIONS,
  Emulator,
} from './index';
import { call, waitForOperation } from './__testUtils__/http';

/** <repo>/../shared/fixtures/azure-arm */
const FIXTURES = path.resolve(
  __dirname,
  '../../../../shared/fixtures/azure-arm',
);
const SPECS = path.join(FIXTURES, 'specs/containerservice/2025-10-01');
const RECORDINGS = path.join(FIXTURES, 'recordings/arm-containerservice');
const KC_SPECS = path.join(FIXTURES, 'specs/kubernetesconfiguration');
const AUTH_SPECS = path.join(FIXTURES, 'specs/authorization');

const readJson = (file: string) => JSON.parse(fs.readFileSync(file, 'utf8'));
/**
 * The fixtures live beside the repository (shared/), not in it. CI always has
 * them and must check fidelity; a clone without them skips this file, loudly.
 */
const haveFixtures = [SPECS, RECORDINGS, KC_SPECS, AUTH_SPECS].every(d =>
  fs.existsSync(d),
);
if (!haveFixtures && process.env.CI)
  throw new Error(
    `ARM fixtures not found at ${FIXTURES}; CI must check the emulator against them`,
  );
if (!haveFixtures)
  console.warn(
    `Skipping the emulator fidelity test: no ARM fixtures at ${FIXTURES}`,
  );
const describeWithFixtures = haveFixtures ? describe : describe.skip;

const specFiles = (prefix: string) =>
  !haveFixtures
    ? ['(fixtures missing)']
    : fs
        .readdirSync(SPECS)
        .filter(f => f.startsWith(prefix) && f.endsWith('.json'))
        .sort();

/** Read-only properties AKS fills in; expected even when the request did not set them. */
const CLUSTER_READ_ONLY = [
  'provisioningState',
  'powerState',
  'fqdn',
  'azurePortalFQDN',
  'nodeResourceGroup',
  'maxAgentPools',
  'kubernetesVersion',
  'currentKubernetesVersion',
  'agentPoolProfiles',
  'enableRBAC',
  'dnsPrefix',
  'networkProfile',
  'servicePrincipalProfile',
  'oidcIssuerProfile',
  'securityProfile',
  'storageProfile',
  'workloadAutoScalerProfile',
];
const POOL_READ_ONLY = [
  'provisioningState',
  'powerState',
  'currentOrchestratorVersion',
  'orchestratorVersion',
  'maxPods',
  'nodeImageVersion',
  'count',
  'osType',
  'eTag',
  'upgradeSettings',
  'type',
  'mode',
];
const TOP_READ_ONLY = ['id', 'name', 'type', 'properties', 'eTag'];

/** Keys of the fixture response the emulator must reproduce: those the request set plus read-only ones. */
function expectKeys(
  actual: Record<string, any>,
  fixture: Record<string, any>,
  requested: Record<string, any>,
  readOnly: string[],
) {
  const expected = Object.keys(fixture)
    .filter(k => k in requested || readOnly.includes(k))
    .sort();
  expect(
    Object.keys(actual)
      .filter(k => expected.includes(k))
      .sort(),
  ).toEqual(expected);
}

function fixtureExists() {
  return haveFixtures;
}

/** Every key of the fixture object is in the actual one (the emulator may add read-only ones Azure has too). */
function expectFixtureKeys(
  actual: Record<string, any>,
  fixture: Record<string, any>,
) {
  expect(Object.keys(fixture).filter(k => !(k in actual))).toEqual([]);
}

/**
 * The KubernetesConfiguration examples address an Arc cluster
 * (`Microsoft.Kubernetes/connectedClusters`); the emulator only has AKS
 * clusters, so they are replayed under `Microsoft.ContainerService/managedClusters`
 * with the same names, and ids are compared with that substitution.
 */
const toAks = (id: string) =>
  id.replace(
    /\/providers\/Microsoft\.Kubernetes\/connectedClusters\//i,
    '/providers/Microsoft.ContainerService/managedClusters/',
  );

describeWithFixtures('fidelity with the ARM fixtures', () => {
  let emulator: Emulator;
  const sub = '00000000-0000-0000-0000-000000000000';

  beforeAll(async () => {
    if (!fixtureExists()) throw new Error(`fixtures not found at ${FIXTURES}`);
    // The spec examples use the placeholder region 'location1' and their own subscription ids.
    emulator = await createEmulator({
      tls: false,
      operationDurationMs: 30,
      retryAfterSeconds: 0,
      locations: [...AZURE_REGIONS, 'location1'],
      subscriptions: [
        ...DEFAULT_SUBSCRIPTIONS,
        'azure_subscription_id',
        'subId1',
        'subId',
        'a925f2f7-5c63-4b7b-8799-25a5f97bc3b2',
        'ae640e6b-ba3e-4256-9d62-2993eecfa6f2',
      ],
    });
  });
  afterAll(() => emulator?.close());
  beforeEach(async () => {
    await call(emulator.url, 'POST', '/_emulator/reset');
    await call(
      emulator.url,
      'PUT',
      `/subscriptions/${sub}/resourcegroups/rg1?api-version=2024-11-01`,
      { location: 'location1' },
    );
  });

  const clusterUrl = (p: any) =>
    `/subscriptions/${p.subscriptionId}/resourceGroups/${p.resourceGroupName}/providers/Microsoft.ContainerService/managedClusters/${p.resourceName}?api-version=${p['api-version']}`;

  it.each(specFiles('ManagedClustersCreate_'))('replays %s', async file => {
    const spec = readJson(path.join(SPECS, file));
    const p = spec.parameters;
    const created = await call(
      emulator.url,
      'PUT',
      clusterUrl(p),
      p.parameters,
    );
    expect(created.status).toBe(201);
    const asyncOp = created.headers.get('azure-asyncoperation')!;
    expect(asyncOp).toMatch(
      new RegExp(
        `/subscriptions/${sub}/providers/Microsoft.ContainerService/locations/location1/operations/[0-9a-f-]{36}\\?api-version=2025-10-01$`,
      ),
    );
    const fixture201 = spec.responses['201'].body;
    expect(created.body.id.toLowerCase()).toBe(fixture201.id.toLowerCase());
    expect(created.body.id).toContain(
      '/resourcegroups/rg1/providers/Microsoft.ContainerService/managedClusters/clustername1',
    );
    expect(created.body.type).toBe(fixture201.type);
    expect(created.body.properties.provisioningState).toBe('Creating');
    expectKeys(created.body, fixture201, p.parameters, TOP_READ_ONLY);
    expectKeys(
      created.body.properties,
      fixture201.properties,
      p.parameters.properties,
      CLUSTER_READ_ONLY,
    );
    expect(
      created.body.properties.agentPoolProfiles.map((a: any) => a.name),
    ).toEqual(fixture201.properties.agentPoolProfiles.map((a: any) => a.name));
    for (const [
      i,
      pool,
    ] of created.body.properties.agentPoolProfiles.entries()) {
      expectKeys(
        pool,
        fixture201.properties.agentPoolProfiles[i],
        p.parameters.properties.agentPoolProfiles[i],
        ['name', ...POOL_READ_ONLY],
      );
    }

    const op = await waitForOperation(emulator.url, asyncOp);
    expect(op).toEqual({
      name: expect.any(String),
      status: 'Succeeded',
      startTime: expect.any(String),
      endTime: expect.any(String),
    });

    // The same PUT again: the update response (200) with the Succeeded state and no new operation.
    const before = emulator.state.stats.operationsStarted;
    const again = await call(emulator.url, 'PUT', clusterUrl(p), p.parameters);
    expect(again.status).toBe(200);
    expect(again.headers.get('azure-asyncoperation')).toBeNull();
    expect(emulator.state.stats.operationsStarted).toBe(before);
    const fixture200 = spec.responses['200'].body;
    expect(again.body.properties.provisioningState).toBe(
      fixture200.properties.provisioningState,
    );
    expectKeys(again.body, fixture200, p.parameters, TOP_READ_ONLY);
    expectKeys(
      again.body.properties,
      fixture200.properties,
      p.parameters.properties,
      CLUSTER_READ_ONLY,
    );
    expect(again.body.properties.agentPoolProfiles[0]).toMatchObject({
      provisioningState: 'Succeeded',
      powerState: { code: 'Running' },
      currentOrchestratorVersion: expect.any(String),
    });
  });

  async function createBaseCluster() {
    const spec = readJson(
      path.join(SPECS, 'ManagedClustersCreate_Update.json'),
    );
    const res = await call(
      emulator.url,
      'PUT',
      clusterUrl(spec.parameters),
      spec.parameters.parameters,
    );
    expect(res.status).toBe(201);
    await waitForOperation(
      emulator.url,
      res.headers.get('azure-asyncoperation')!,
    );
    return spec;
  }

  it.each(specFiles('AgentPoolsCreate_'))('replays %s', async file => {
    await createBaseCluster();
    const spec = readJson(path.join(SPECS, file));
    const p = spec.parameters;
    const url = `${clusterUrl(p).split('?')[0]}/agentPools/${
      p.agentPoolName
    }?api-version=${p['api-version']}`;
    const created = await call(emulator.url, 'PUT', url, p.parameters);
    expect(created.status).toBe(201);
    expect(created.headers.get('azure-asyncoperation')).toMatch(
      /\/operations\/[0-9a-f-]{36}\?api-version=/,
    );
    const f201 = spec.responses['201'].body;
    expect(created.body.id.toLowerCase()).toBe(f201.id.toLowerCase());
    expect(created.body.type).toBe(
      'Microsoft.ContainerService/managedClusters/agentPools',
    );
    expectKeys(created.body, f201, p.parameters, TOP_READ_ONLY);
    expectKeys(
      created.body.properties,
      f201.properties,
      p.parameters.properties,
      POOL_READ_ONLY,
    );
    expect(created.body.properties.provisioningState).toBe('Creating');
    await waitForOperation(
      emulator.url,
      created.headers.get('azure-asyncoperation')!,
    );

    // The pool shows up, consistent, in the cluster's agentPoolProfiles.
    const cluster = await call(emulator.url, 'GET', clusterUrl(p));
    const profile = cluster.body.properties.agentPoolProfiles.find(
      (a: any) => a.name === p.agentPoolName,
    );
    const pool = await call(emulator.url, 'GET', url);
    expect(pool.status).toBe(200);
    const { eTag: _eTag, ...poolProps } = pool.body.properties;
    expect(profile).toEqual({ name: p.agentPoolName, ...poolProps });
    expect(profile.provisioningState).toBe('Succeeded');

    const again = await call(emulator.url, 'PUT', url, p.parameters);
    expect(again.status).toBe(200);
    const f200 = spec.responses['200'].body;
    expectKeys(
      again.body.properties,
      f200.properties,
      p.parameters.properties,
      POOL_READ_ONLY,
    );
  });

  it('replays ManagedClustersGet, AgentPoolsGet and ManagedClustersList', async () => {
    const create = await createBaseCluster();
    const getSpec = readJson(path.join(SPECS, 'ManagedClustersGet.json'));
    const got = await call(emulator.url, 'GET', clusterUrl(getSpec.parameters));
    expect(got.status).toBe(200);
    const fGet = getSpec.responses['200'].body;
    expectKeys(got.body, fGet, create.parameters.parameters, TOP_READ_ONLY);
    expectKeys(
      got.body.properties,
      fGet.properties,
      create.parameters.parameters.properties,
      CLUSTER_READ_ONLY,
    );
    expect(got.body.eTag).toEqual(expect.any(String));

    const poolSpec = readJson(path.join(SPECS, 'AgentPoolsGet.json'));
    const pp = poolSpec.parameters;
    await call(
      emulator.url,
      'PUT',
      `${
        clusterUrl(pp).split('?')[0]
      }/agentPools/agentpool1?${'api-version=2025-10-01'}`,
      {
        properties: { count: 3, vmSize: 'Standard_DS1_v2', osType: 'Linux' },
      },
    );
    const pool = await call(
      emulator.url,
      'GET',
      `${clusterUrl(pp).split('?')[0]}/agentPools/${
        pp.agentPoolName
      }?api-version=${pp['api-version']}`,
    );
    expect(pool.status).toBe(200);
    const fPool = poolSpec.responses['200'].body;
    expect(
      Object.keys(pool.body)
        .filter(k => k in fPool)
        .sort(),
    ).toEqual(Object.keys(fPool).sort());
    expect(
      Object.keys(pool.body.properties)
        .filter(k => k in fPool.properties)
        .sort(),
    ).toEqual(Object.keys(fPool.properties).sort());
    expect(pool.body.id.toLowerCase()).toBe(fPool.id.toLowerCase());

    const listSpec = readJson(path.join(SPECS, 'ManagedClustersList.json'));
    const list = await call(
      emulator.url,
      'GET',
      `/subscriptions/${sub}/providers/Microsoft.ContainerService/managedClusters?api-version=2025-10-01`,
    );
    expect(list.status).toBe(200);
    expect(Object.keys(list.body)).toEqual(
      Object.keys(listSpec.responses['200'].body),
    );
    expect(list.body.value).toHaveLength(1);
    const fItem = listSpec.responses['200'].body.value[0];
    expect(
      Object.keys(list.body.value[0])
        .filter(k => k in fItem)
        .sort(),
    ).toEqual(
      Object.keys(fItem)
        .filter(
          k =>
            k in create.parameters.parameters ||
            TOP_READ_ONLY.includes(k) ||
            k === 'location',
        )
        .sort(),
    );
  });

  it('replays the SDK recordings (create, get, list, update tags, delete)', async () => {
    const rec = (name: string) =>
      readJson(
        path.join(RECORDINGS, `recording_managedclusters_${name}_test.json`),
      ).Entries as any[];
    const local = (uri: string) =>
      uri.replace('https://management.azure.com', '');
    const recSub = 'azure_subscription_id';
    await call(
      emulator.url,
      'PUT',
      `/subscriptions/${recSub}/resourcegroups/myjstest?api-version=2024-11-01`,
      { location: 'eastus' },
    );

    const [put, ...rest] = rec('create');
    const created = await call(
      emulator.url,
      put.RequestMethod,
      local(put.RequestUri),
      put.RequestBody,
    );
    expect(created.status).toBe(put.StatusCode);
    expect(created.headers.get('azure-asyncoperation')).toMatch(
      /\/subscriptions\/azure_subscription_id\/providers\/Microsoft.ContainerService\/locations\/eastus\/operations\//,
    );
    expect(created.body.id).toBe(put.ResponseBody.id);
    expect(
      Object.keys(created.body)
        .filter(k => k in put.ResponseBody)
        .sort(),
    ).toEqual(Object.keys(put.ResponseBody).sort());
    expect(
      Object.keys(created.body.properties)
        .filter(k => k in put.ResponseBody.properties)
        .sort(),
    ).toEqual(Object.keys(put.ResponseBody.properties).sort());
    expect(created.body.properties.provisioningState).toBe(
      put.ResponseBody.properties.provisioningState,
    );
    const polls = rest.filter(e => e.RequestUri.includes('/operations/'));
    const op = await waitForOperation(
      emulator.url,
      created.headers.get('azure-asyncoperation')!,
    );
    expect(Object.keys(op).sort()).toEqual(
      ['endTime', ...Object.keys(polls[0].ResponseBody)].sort(),
    );
    expect(op.status).toBe(polls[polls.length - 1].ResponseBody.status);

    for (const entry of [
      ...rest.filter(e => !e.RequestUri.includes('/operations/')),
      ...rec('get'),
      ...rec('list'),
      ...rec('update'),
    ]) {
      const res = await call(
        emulator.url,
        entry.RequestMethod,
        local(entry.RequestUri),
        entry.RequestBody ?? undefined,
      );
      expect(res.status).toBe(entry.StatusCode);
      const fBody = entry.ResponseBody.value
        ? entry.ResponseBody.value[0]
        : entry.ResponseBody;
      const body = entry.ResponseBody.value ? res.body.value[0] : res.body;
      expect(body.id).toBe(fBody.id);
      expect(
        Object.keys(body)
          .filter(k => k in fBody)
          .sort(),
      ).toEqual(Object.keys(fBody).sort());
      const missing = Object.keys(fBody.properties).filter(
        k => !(k in body.properties),
      );
      expect(missing.filter(k => k !== 'autoScalerProfile')).toEqual([]);
      expect(body.properties.agentPoolProfiles[0].name).toBe(
        fBody.properties.agentPoolProfiles[0].name,
      );
    }

    const deleteEntries = rec('delete');
    const del = deleteEntries[0];
    const list = deleteEntries[deleteEntries.length - 1];
    const deleted = await call(
      emulator.url,
      del.RequestMethod,
      local(del.RequestUri),
    );
    expect(deleted.status).toBe(del.StatusCode);
    expect(deleted.headers.get('location')).toMatch(
      /\/locations\/eastus\/operationresults\//,
    );
    expect(deleted.headers.get('azure-asyncoperation')).toMatch(
      /\/locations\/eastus\/operations\//,
    );
    await waitForOperation(
      emulator.url,
      deleted.headers.get('azure-asyncoperation')!,
    );
    const after = await call(emulator.url, 'GET', local(list.RequestUri));
    expect(after.status).toBe(list.StatusCode);
    expect(after.body).toEqual({ value: [] });
    const gone = await call(emulator.url, 'GET', local(del.RequestUri));
    expect(gone.status).toBe(404);
    expect(gone.body.error.code).toBe('ResourceNotFound');
  });

  describe('Microsoft.KubernetesConfiguration (replayed under an AKS managed cluster)', () => {
    const kcSub = 'subId1';
    const aksUrl = (p: any) =>
      `/subscriptions/${p.subscriptionId}/resourceGroups/${p.resourceGroupName}/providers/Microsoft.ContainerService/managedClusters/${p.clusterName}`;

    beforeEach(async () => {
      await call(
        emulator.url,
        'PUT',
        `/subscriptions/${kcSub}/resourcegroups/rg1?api-version=2024-11-01`,
        { location: 'location1' },
      );
      const spec = readJson(
        path.join(SPECS, 'ManagedClustersCreate_Update.json'),
      );
      const cluster = await call(
        emulator.url,
        'PUT',
        `/subscriptions/${kcSub}/resourceGroups/rg1/providers/Microsoft.ContainerService/managedClusters/clusterName1?api-version=2025-10-01`,
        spec.parameters.parameters,
      );
      if (cluster.status !== 201)
        throw new Error(
          `cluster PUT answered ${cluster.status}: ${JSON.stringify(
            cluster.body,
          )}`,
        );
      await waitForOperation(
        emulator.url,
        cluster.headers.get('azure-asyncoperation')!,
      );
    });

    it('replays CreateExtension and GetExtension', async () => {
      const spec = readJson(
        path.join(KC_SPECS, '2025-03-01/CreateExtension.json'),
      );
      const p = spec.parameters;
      // The example's 'azuremonitor-containers' is not an extension type Azure offers on AKS; the real one is used.
      const request = {
        ...p.extension,
        properties: {
          ...p.extension.properties,
          extensionType: 'microsoft.azuremonitor.containers',
        },
      };
      const url = `${aksUrl(
        p,
      )}/providers/Microsoft.KubernetesConfiguration/extensions/${
        p.extensionName
      }?api-version=${p['api-version']}`;
      const created = await call(emulator.url, 'PUT', url, request);
      expect(created.status).toBe(201);
      // Azure-AsyncOperation sits under the extension, as in the example's headers.
      const asyncOp = created.headers.get('azure-asyncoperation')!;
      expect(asyncOp).toMatch(
        new RegExp(
          `${aksUrl(
            p,
          )}/providers/Microsoft\\.KubernetesConfiguration/extensions/ClusterMonitor/operations/[0-9a-f-]{36}\\?api-version=2025-03-01$`,
        ),
      );
      const f201 = spec.responses['201'].body;
      expect(created.body.id).toBe(toAks(f201.id));
      expect(created.body.type).toBe(f201.type);
      expect(created.body.name).toBe(f201.name);
      expectFixtureKeys(created.body, f201);
      expectFixtureKeys(created.body.properties, f201.properties);
      expect(created.body.properties).toMatchObject({
        provisioningState: 'Creating',
        currentVersion: null,
        statuses: [],
        isSystemExtension: false,
      });
      expect(created.body.properties.configurationSettings).toEqual(
        f201.properties.configurationSettings,
      );
      // configurationProtectedSettings are write-only: in the example's response neither.
      expect(
        created.body.properties.configurationProtectedSettings,
      ).toBeUndefined();
      expect(JSON.stringify(created.body)).not.toContain('secretKeyValue01');

      // The status resource as GetExtensionAsyncOperationStatus.json shows it: { id, name, status, properties, error }.
      const op = await waitForOperation(emulator.url, asyncOp);
      expect(op).toEqual({
        id: expect.stringMatching(
          /\/extensions\/ClusterMonitor\/operations\/[0-9a-f-]{36}$/,
        ),
        name: expect.any(String),
        status: 'Succeeded',
        properties: {},
        error: null,
      });

      const getSpec = readJson(
        path.join(KC_SPECS, '2025-03-01/GetExtension.json'),
      );
      const got = await call(
        emulator.url,
        'GET',
        `${aksUrl(
          getSpec.parameters,
        )}/providers/Microsoft.KubernetesConfiguration/extensions/${
          getSpec.parameters.extensionName
        }?api-version=2025-03-01`,
      );
      expect(got.status).toBe(200);
      const fGet = getSpec.responses['200'].body;
      expect(got.body.id).toBe(toAks(fGet.id));
      expectFixtureKeys(got.body, fGet);
      expectFixtureKeys(got.body.properties, fGet.properties);
      expect(got.body.properties).toMatchObject({
        provisioningState: 'Succeeded',
        currentVersion: expect.stringMatching(/^\d+\.\d+\.\d+$/),
        statuses: [],
        isSystemExtension: false,
      });
      expect(got.body.properties.aksAssignedIdentity).toMatchObject({
        type: 'SystemAssigned',
      });
      expect(JSON.stringify(got.body)).not.toContain('secretKeyValue01');

      // The same PUT again: the example's 200, no new operation.
      const again = await call(emulator.url, 'PUT', url, request);
      expect(again.status).toBe(200);
      expect(again.headers.get('azure-asyncoperation')).toBeNull();
      expectFixtureKeys(
        again.body.properties,
        spec.responses['200'].body.properties,
      );
      expect(again.body.properties.provisioningState).toBe('Succeeded');
    });

    it('replays CreateFluxConfiguration and GetFluxConfiguration', async () => {
      const spec = readJson(
        path.join(KC_SPECS, '2025-04-01/CreateFluxConfiguration.json'),
      );
      const p = spec.parameters;
      const base = `${aksUrl(p)}/providers/Microsoft.KubernetesConfiguration`;
      const flux = await call(
        emulator.url,
        'PUT',
        `${base}/extensions/flux?api-version=2025-03-01`,
        { properties: { extensionType: 'microsoft.flux' } },
      );
      await waitForOperation(
        emulator.url,
        flux.headers.get('azure-asyncoperation')!,
      );

      const url = `${base}/fluxConfigurations/${p.fluxConfigurationName}?api-version=${p['api-version']}`;
      const created = await call(emulator.url, 'PUT', url, p.fluxConfiguration);
      expect(created.status).toBe(201);
      const asyncOp = created.headers.get('azure-asyncoperation')!;
      expect(asyncOp).toMatch(
        new RegExp(
          `/fluxConfigurations/srs-fluxconfig/operations/[0-9a-f-]{36}\\?api-version=2025-04-01$`,
        ),
      );
      const f201 = spec.responses['201'].body;
      expect(created.body.id).toBe(toAks(f201.id));
      expect(created.body.type).toBe(f201.type);
      expectFixtureKeys(created.body, f201);
      expectFixtureKeys(created.body.properties, f201.properties);
      expect(created.body.properties).toMatchObject({
        provisioningState: 'Creating',
        complianceState: 'Pending',
      });
      expect(created.body.properties.gitRepository.repositoryRef).toEqual(
        f201.properties.gitRepository.repositoryRef,
      );
      for (const [name, k] of Object.entries<any>(
        f201.properties.kustomizations,
      )) {
        expectFixtureKeys(created.body.properties.kustomizations[name], k);
        // The example's 201 misspells the first name ('srs-'); its 200 and GetFluxConfiguration name each after its key.
        expect(created.body.properties.kustomizations[name]).toMatchObject({
          ...k,
          name,
        });
      }
      await waitForOperation(emulator.url, asyncOp);

      const getSpec = readJson(
        path.join(KC_SPECS, '2025-04-01/GetFluxConfiguration.json'),
      );
      const got = await call(
        emulator.url,
        'GET',
        `${base}/fluxConfigurations/${getSpec.parameters.fluxConfigurationName}?api-version=2025-04-01`,
      );
      expect(got.status).toBe(200);
      const fGet = getSpec.responses['200'].body;
      expectFixtureKeys(got.body, fGet);
      expectFixtureKeys(got.body.properties, fGet.properties);
      expect(got.body.properties).toMatchObject({
        provisioningState: 'Succeeded',
        complianceState: 'Compliant',
        errorMessage: '',
      });
      // Flux 2 writes revisions as '<branch>@sha1:<sha>'; the example shows the older '<branch>/<sha>'.
      expect(got.body.properties.sourceSyncedCommitId).toMatch(
        /^master@sha1:[0-9a-f]{40}$/,
      );
      expect(
        got.body.properties.statuses.map((s: any) => [
          s.name,
          s.kind,
          s.complianceState,
        ]),
      ).toEqual(
        fGet.properties.statuses.map((s: any) => [
          s.name,
          s.kind,
          s.complianceState,
        ]),
      );
      for (const [i, status] of fGet.properties.statuses.entries()) {
        expectFixtureKeys(got.body.properties.statuses[i], status);
        expect(
          Object.keys(
            got.body.properties.statuses[i].statusConditions[0],
          ).sort(),
        ).toEqual(Object.keys(status.statusConditions[0]).sort());
        expect(
          got.body.properties.statuses[i].statusConditions[0],
        ).toMatchObject({ status: 'True', type: 'Ready' });
      }
    });
  });

  describe('Microsoft.Authorization', () => {
    it.each([
      'createPolicyAssignment.json',
      'createPolicyAssignmentWithIdentity.json',
    ])('replays %s at the subscription scope', async file => {
      const spec = readJson(path.join(AUTH_SPECS, '2025-03-01', file));
      const p = spec.parameters;
      // The example assigns a custom definition; it is created first (the emulator's catalogue has only built-ins).
      const definition = await call(
        emulator.url,
        'PUT',
        `/${p.scope}/providers/Microsoft.Authorization/policyDefinitions/ResourceNaming?api-version=2025-03-01`,
        {
          properties: {
            displayName: 'Resource naming',
            mode: 'All',
            parameters: {
              prefix: { type: 'String', metadata: { displayName: 'Prefix' } },
              suffix: { type: 'String', metadata: { displayName: 'Suffix' } },
            },
            policyRule: {
              if: {
                not: {
                  field: 'name',
                  like: "[concat(parameters('prefix'), '*', parameters('suffix'))]",
                },
              },
              then: { effect: 'deny' },
            },
          },
        },
      );
      expect(definition.status).toBe(201);
      const url = `/${p.scope}/providers/Microsoft.Authorization/policyAssignments/${p.policyAssignmentName}?api-version=${p['api-version']}`;
      const created = await call(emulator.url, 'PUT', url, p.parameters);
      expect(created.status).toBe(201);
      const f201 = spec.responses['201'].body;
      expect(Object.keys(created.body).sort()).toEqual(
        Object.keys(f201).sort(),
      );
      expect(Object.keys(created.body.properties).sort()).toEqual(
        Object.keys(f201.properties).sort(),
      );
      expect(created.body).toMatchObject({
        id: f201.id,
        type: f201.type,
        name: f201.name,
      });
      expect(created.body.properties).toMatchObject({
        scope: f201.properties.scope,
        definitionVersion: f201.properties.definitionVersion,
        notScopes: [],
        enforcementMode: 'Default',
        parameters: f201.properties.parameters,
        instanceId: expect.stringMatching(/^[0-9a-f-]{36}$/),
      });
      // With an identity: the same identity keys and the location; without: neither.
      const keysOf = (o: any) => (o ? Object.keys(o).sort() : o);
      expect(keysOf(created.body.identity)).toEqual(keysOf(f201.identity));
      expect(created.body.location).toBe(f201.location);
      // A replace keeps the instanceId (and is 201 too: the spec has no 200).
      const again = await call(emulator.url, 'PUT', url, p.parameters);
      expect(again.status).toBe(201);
      expect(again.body.properties.instanceId).toBe(
        created.body.properties.instanceId,
      );
    });

    it.each([
      'RoleAssignments_CreateForResourceGroup.json',
      'RoleAssignments_CreateForSubscription.json',
    ])('replays %s', async file => {
      const spec = readJson(path.join(AUTH_SPECS, '2022-04-01', file));
      const p = spec.parameters;
      const roleSub = p.scope.split('/')[1];
      await call(
        emulator.url,
        'PUT',
        `/subscriptions/${roleSub}/resourcegroups/testrg?api-version=2024-11-01`,
        { location: 'westeurope' },
      );
      // The example's role 0b5fe924-… is not one of the built-ins the emulator knows; it is defined as a custom role first.
      const guid = p.parameters.properties.roleDefinitionId.split('/').pop();
      const role = await call(
        emulator.url,
        'PUT',
        `/subscriptions/${roleSub}/providers/Microsoft.Authorization/roleDefinitions/${guid}?api-version=2022-04-01`,
        {
          properties: {
            roleName: 'Fixture role',
            type: 'CustomRole',
            permissions: [{ actions: ['*/read'] }],
            assignableScopes: [`/subscriptions/${roleSub}`],
          },
        },
      );
      expect(role.status).toBe(201);

      const url = `/${p.scope}/providers/Microsoft.Authorization/roleAssignments/${p.roleAssignmentName}?api-version=${p['api-version']}`;
      const created = await call(emulator.url, 'PUT', url, p.parameters);
      expect(created.status).toBe(201);
      const f201 = spec.responses['201'].body;
      expect(Object.keys(created.body).sort()).toEqual(
        Object.keys(f201).sort(),
      );
      expectFixtureKeys(created.body.properties, f201.properties);
      expect(created.body).toMatchObject({
        id: f201.id,
        type: f201.type,
        name: f201.name,
      });
      expect(created.body.properties).toMatchObject({
        principalId: f201.properties.principalId,
        principalType: 'User',
        scope: f201.properties.scope,
        condition: null,
      });
      // The example answers with the tenant form of the role id; the emulator echoes the form sent. Same role either way.
      expect(created.body.properties.roleDefinitionId.split('/').pop()).toBe(
        f201.properties.roleDefinitionId.split('/').pop(),
      );

      const again = await call(emulator.url, 'PUT', url, p.parameters);
      expect(again.status).toBe(200);
      expectFixtureKeys(
        again.body.properties,
        spec.responses['200'].body.properties,
      );
      expect(again.body.id).toBe(spec.responses['200'].body.id);
    });
  });
});
