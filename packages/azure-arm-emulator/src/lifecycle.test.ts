import { createEmulator, Emulator } from './index';
import { API, call, clusterPath, rgPath, SUB } from './__testUtils__/http';

const KC_API = 'api-version=2023-05-01';
const AUTH_API = 'api-version=2022-04-01';
const POLICY_API = 'api-version=2025-03-01';
const READER = `/providers/Microsoft.Authorization/roleDefinitions/acdd72a7-3385-48ef-bd42-f606fba81ae7`;
const PRINCIPAL = '0b1c2d3e-4f5a-4b6c-8d7e-9f0a1b2c3d4e';
const REPO = 'https://github.com/example/platform';
const relative = (url: string) => url.slice(new URL(url).origin.length);

const clusterBody = {
  location: 'westeurope',
  properties: {
    dnsPrefix: 'life',
    agentPoolProfiles: [
      { name: 'system', mode: 'System', count: 1, vmSize: 'Standard_D4s_v5' },
    ],
  },
};
const fluxBody = (url = REPO) => ({
  properties: {
    namespace: 'flux-system',
    gitRepository: { url, repositoryRef: { branch: 'main' } },
    kustomizations: {
      apps: { path: './apps', postBuild: { substitute: { env: 'prod' } } },
    },
    configurationProtectedSettings: { httpsKey: 'hunter2-secret' },
  },
});

/** Extensions, Flux configurations and RBAC/Policy resources over raw HTTP, on a clock the test moves. */
describe('cluster children and Microsoft.Authorization resources: lifecycle, drift and ARM semantics', () => {
  let emulator: Emulator;
  let clock = 1_700_000_000_000;
  const tick = (ms: number) => {
    clock += ms;
  };
  const get = (path: string) => call(emulator.url, 'GET', path);
  const cluster = clusterPath('rg', 'c1');
  const kc = `${cluster}/providers/Microsoft.KubernetesConfiguration`;
  const sub = `/subscriptions/${SUB}`;

  beforeAll(async () => {
    emulator = await createEmulator({
      tls: false,
      operationDurationMs: 1000,
      retryAfterSeconds: 1,
      now: () => clock,
    });
  });
  afterAll(() => emulator?.close());
  beforeEach(async () => {
    await call(emulator.url, 'POST', '/_emulator/reset');
    await call(emulator.url, 'POST', '/_emulator/config', {
      operationDurationByType: { extension: null, fluxConfiguration: null },
      gitFailures: null,
      pageSize: 100,
      faults: { serverErrorRate: 0 },
      throttling: { writes: { capacity: 200, refillPerSecond: 10 } },
    });
    await call(emulator.url, 'PUT', `${rgPath('rg')}?api-version=2024-11-01`, {
      location: 'westeurope',
    });
    await call(emulator.url, 'PUT', `${cluster}?${API}`, clusterBody);
    tick(1000);
  });

  async function installFlux() {
    const ext = await call(
      emulator.url,
      'PUT',
      `${kc}/extensions/flux?${KC_API}`,
      { properties: { extensionType: 'microsoft.flux' } },
    );
    expect(ext.status).toBe(201);
    tick(1000);
    return ext;
  }

  it('runs extension and Flux operations for their configured durations, with Retry-After, counted in the stats', async () => {
    await call(emulator.url, 'POST', '/_emulator/config', {
      operationDurationByType: { extension: 5000 },
    });
    await call(emulator.url, 'POST', '/_emulator/reset?what=stats');
    const ext = await call(
      emulator.url,
      'PUT',
      `${kc}/extensions/flux?${KC_API}`,
      { properties: { extensionType: 'microsoft.flux' } },
    );
    expect(ext.headers.get('retry-after')).toBe('1');
    const op = relative(ext.headers.get('azure-asyncoperation')!);
    tick(4999);
    const running = await get(op);
    expect(running.body.status).toBe('InProgress');
    expect(running.headers.get('retry-after')).toBe('1');
    expect(
      (await get(`${kc}/extensions/flux?${KC_API}`)).body.properties,
    ).toMatchObject({ provisioningState: 'Creating', currentVersion: null });
    tick(1);
    expect((await get(op)).body.status).toBe('Succeeded');

    const flux = await call(
      emulator.url,
      'PUT',
      `${kc}/fluxConfigurations/platform?${KC_API}`,
      fluxBody(),
    );
    expect(flux.status).toBe(201);
    const creating = (await get(`${kc}/fluxConfigurations/platform?${KC_API}`))
      .body.properties;
    expect(creating).toMatchObject({
      provisioningState: 'Creating',
      complianceState: 'Pending',
      statuses: [],
      sourceSyncedCommitId: null,
    });
    tick(1000);
    expect(
      (await get(`${kc}/fluxConfigurations/platform?${KC_API}`)).body.properties
        .complianceState,
    ).toBe('Compliant');

    const { stats } = (await get('/_emulator/state')).body;
    expect(stats.writesByKind.extension).toEqual({
      PUT: 1,
      PATCH: 0,
      DELETE: 0,
    });
    expect(stats.writesByKind.fluxConfiguration).toEqual({
      PUT: 1,
      PATCH: 0,
      DELETE: 0,
    });
    expect(stats.reads).toMatchObject({
      operationPolls: 2,
      asyncOperation: 2,
      resources: 3,
    });
    expect(stats.operationsStarted).toBe(2);
  });

  it('validates postBuild.substitute as a string map, and applies gitFailures changed at runtime on the next PUT', async () => {
    await installFlux();
    const bad = fluxBody();
    (
      bad.properties.kustomizations.apps.postBuild.substitute as any
    ).replicas = 2;
    const refused = await call(
      emulator.url,
      'PUT',
      `${kc}/fluxConfigurations/platform?${KC_API}`,
      bad,
    );
    expect(refused.status).toBe(400);
    expect(refused.body.error).toMatchObject({
      code: 'BadRequest',
      target: 'properties.kustomizations.apps.postBuild.substitute',
    });

    await call(emulator.url, 'POST', '/_emulator/config', {
      gitFailures: {
        [REPO]:
          'failed to checkout and determine revision: unable to clone: authentication required',
      },
    });
    await call(
      emulator.url,
      'PUT',
      `${kc}/fluxConfigurations/platform?${KC_API}`,
      fluxBody(),
    );
    tick(1000);
    const failing = (await get(`${kc}/fluxConfigurations/platform?${KC_API}`))
      .body.properties;
    expect(failing).toMatchObject({
      provisioningState: 'Succeeded',
      complianceState: 'Non-Compliant',
    });
    expect(failing.statuses[0].statusConditions[0].message).toContain(
      'authentication required',
    );
    // Unchanged body, unchanged outcome: a no-op.
    expect(
      (
        await call(
          emulator.url,
          'PUT',
          `${kc}/fluxConfigurations/platform?${KC_API}`,
          fluxBody(),
        )
      ).headers.get('azure-asyncoperation'),
    ).toBeNull();
  });

  it('keeps protected settings out of every response, PATCHes and DELETEs resources behind the API', async () => {
    await installFlux();
    const created = await call(
      emulator.url,
      'PUT',
      `${kc}/fluxConfigurations/platform?${KC_API}`,
      fluxBody(),
    );
    tick(1000);
    const id = created.body.id;
    const state = await get('/_emulator/state');
    const stored = state.body.resources.find((r: any) => r.id === id);
    expect(stored.properties.configurationProtectedSettings).toEqual({
      httpsKey: '<redacted>',
    });
    expect(JSON.stringify(state.body)).not.toContain('hunter2-secret');

    const patched = await call(
      emulator.url,
      'PATCH',
      `/_emulator/resources?id=${encodeURIComponent(id)}`,
      {
        properties: {
          suspend: true,
          configurationProtectedSettings: { httpsKey: 'rotated-secret' },
        },
      },
    );
    expect(patched.status).toBe(200);
    expect(JSON.stringify(patched.body)).not.toContain('rotated-secret');
    const drifted = await get(`${kc}/fluxConfigurations/platform?${KC_API}`);
    expect(drifted.body.properties.suspend).toBe(true);
    expect(JSON.stringify(drifted.body)).not.toContain('rotated-secret');
    // Drift makes the identical PUT reconcile again.
    expect(
      (
        await call(
          emulator.url,
          'PUT',
          `${kc}/fluxConfigurations/platform?${KC_API}`,
          fluxBody(),
        )
      ).headers.get('azure-asyncoperation'),
    ).not.toBeNull();
    tick(1000);

    expect(
      (
        await call(
          emulator.url,
          'DELETE',
          `/_emulator/resources?id=${encodeURIComponent(id)}`,
        )
      ).status,
    ).toBe(204);
    expect(
      (await get(`${kc}/fluxConfigurations/platform?${KC_API}`)).status,
    ).toBe(404);
    expect(
      (
        await call(
          emulator.url,
          'PUT',
          `${kc}/fluxConfigurations/platform?${KC_API}`,
          fluxBody(),
        )
      ).status,
    ).toBe(201);

    const assignment = `${cluster}/providers/Microsoft.Authorization/roleAssignments/6c1d0d9a-1b2c-4d3e-8f4a-5b6c7d8e9f01`;
    expect(
      (
        await call(emulator.url, 'PUT', `${assignment}?${AUTH_API}`, {
          properties: { roleDefinitionId: READER, principalId: PRINCIPAL },
        })
      ).status,
    ).toBe(201);
    expect(
      (
        await call(
          emulator.url,
          'DELETE',
          `/_emulator/resources?id=${encodeURIComponent(assignment)}`,
        )
      ).status,
    ).toBe(204);
    expect((await get(`${assignment}?${AUTH_API}`)).body.error.code).toBe(
      'RoleAssignmentNotFound',
    );
    expect(
      (
        await call(
          emulator.url,
          'DELETE',
          `/_emulator/resources?id=${encodeURIComponent(assignment)}`,
        )
      ).status,
    ).toBe(404);
    expect(
      (await call(emulator.url, 'DELETE', '/_emulator/resources')).status,
    ).toBe(400);
  });

  it('cancels a running extension install when its cluster is deleted, and removes the cluster children', async () => {
    await installFlux();
    await call(emulator.url, 'POST', '/_emulator/config', {
      operationDurationByType: { extension: 60_000 },
    });
    const monitor = await call(
      emulator.url,
      'PUT',
      `${kc}/extensions/monitor?${KC_API}`,
      { properties: { extensionType: 'microsoft.azuremonitor.containers' } },
    );
    const conflict = await call(
      emulator.url,
      'PUT',
      `${kc}/extensions/monitor?${KC_API}`,
      { properties: { extensionType: 'microsoft.azuremonitor.containers' } },
    );
    expect(conflict.status).toBe(409);
    expect(conflict.body.error).toMatchObject({
      code: 'OperationNotAllowed',
      message: expect.stringContaining(
        `in progress create extension 'monitor'`,
      ),
    });
    await call(
      emulator.url,
      'PUT',
      `${cluster}/providers/Microsoft.Authorization/policyAssignments/p1?${POLICY_API}`,
      {
        properties: {
          policyDefinitionId:
            '/providers/Microsoft.Authorization/policyDefinitions/95edb821-ddaf-4404-9732-666045e056b4',
        },
      },
    );

    const del = await call(emulator.url, 'DELETE', `${cluster}?${API}`);
    expect(del.status).toBe(202);
    // While AKS deletes the cluster, nothing new is installed into it.
    expect(
      (
        await call(emulator.url, 'PUT', `${kc}/extensions/dapr?${KC_API}`, {
          properties: { extensionType: 'microsoft.dapr' },
        })
      ).status,
    ).toBe(409);
    tick(1000);
    const op = (
      await get(relative(monitor.headers.get('azure-asyncoperation')!))
    ).body;
    expect(op).toMatchObject({
      status: 'Canceled',
      error: {
        code: 'Canceled',
        message: expect.stringContaining("managed cluster 'c1' was deleted"),
      },
    });
    const kinds = (await get('/_emulator/state')).body.resources.map(
      (r: any) => r.type,
    );
    expect(kinds).toEqual(['Microsoft.Resources/resourceGroups']);
  });

  it('removes everything at and under a resource group when the group is deleted', async () => {
    await installFlux();
    await call(
      emulator.url,
      'PUT',
      `${rgPath(
        'rg',
      )}/providers/Microsoft.Authorization/roleAssignments/7d2e1eab-2c3d-4e4f-9a5b-6c7d8e9f0a12?${AUTH_API}`,
      {
        properties: { roleDefinitionId: READER, principalId: PRINCIPAL },
      },
    );
    await call(
      emulator.url,
      'PUT',
      `${sub}/providers/Microsoft.Authorization/roleAssignments/8e3f2fbc-3d4e-4f5a-ab6c-7d8e9f0a1b23?${AUTH_API}`,
      {
        properties: { roleDefinitionId: READER, principalId: PRINCIPAL },
      },
    );
    await call(
      emulator.url,
      'DELETE',
      `${rgPath('rg')}?api-version=2024-11-01`,
    );
    tick(1000);
    await get(`${sub}/resourcegroups?api-version=2024-11-01`);
    const left = (await get('/_emulator/state')).body.resources.map(
      (r: any) => r.name,
    );
    expect(left).toEqual(['8e3f2fbc-3d4e-4f5a-ab6c-7d8e9f0a1b23']);
  });

  it('throttles, pages, injects faults and checks auth and api-version on the new routes like everywhere else', async () => {
    const assign = (name: string, principal = PRINCIPAL) =>
      call(
        emulator.url,
        'PUT',
        `${sub}/providers/Microsoft.Authorization/roleAssignments/${name}?${AUTH_API}`,
        {
          properties: { roleDefinitionId: READER, principalId: principal },
        },
      );
    expect((await assign('6c1d0d9a-1b2c-4d3e-8f4a-5b6c7d8e9f01')).status).toBe(
      201,
    );
    expect(
      (
        await assign(
          '7d2e1eab-2c3d-4e4f-9a5b-6c7d8e9f0a12',
          '5e6f7a8b-9c0d-4e1f-a2b3-c4d5e6f7a8b9',
        )
      ).status,
    ).toBe(201);

    await call(emulator.url, 'POST', '/_emulator/config', { pageSize: 1 });
    const first = await get(
      `${sub}/providers/Microsoft.Authorization/roleAssignments?${AUTH_API}`,
    );
    expect(first.body.value).toHaveLength(1);
    expect(first.body.nextLink).toMatch(/\$skiptoken=/);
    const second = await get(relative(first.body.nextLink));
    expect(second.body.value).toHaveLength(1);
    expect(second.body.nextLink).toBeUndefined();
    await call(emulator.url, 'POST', '/_emulator/config', { pageSize: 100 });

    await call(emulator.url, 'POST', '/_emulator/config', {
      throttling: { writes: { capacity: 1, refillPerSecond: 0 } },
    });
    expect(
      (
        await assign(
          '8e3f2fbc-3d4e-4f5a-ab6c-7d8e9f0a1b23',
          '9e6f7a8b-9c0d-4e1f-a2b3-c4d5e6f7a8b9',
        )
      ).status,
    ).toBe(201);
    const throttled = await assign(
      '9f3f2fbc-3d4e-4f5a-ab6c-7d8e9f0a1b23',
      'ae6f7a8b-9c0d-4e1f-a2b3-c4d5e6f7a8b9',
    );
    expect(throttled.status).toBe(429);
    expect(throttled.headers.get('retry-after')).not.toBeNull();
    expect(emulator.state.stats.throttledByClass.writes).toBe(1);

    await call(emulator.url, 'POST', '/_emulator/config', {
      faults: { serverErrorRate: 1 },
    });
    expect(
      (
        await get(
          `/providers/Microsoft.Authorization/roleDefinitions/acdd72a7-3385-48ef-bd42-f606fba81ae7?${AUTH_API}`,
        )
      ).status,
    ).toBe(500);
    await call(emulator.url, 'POST', '/_emulator/config', {
      faults: { serverErrorRate: 0 },
    });

    const builtIn = await get(
      `/providers/Microsoft.Authorization/policyDefinitions/95edb821-ddaf-4404-9732-666045e056b4?${POLICY_API}`,
    );
    expect(builtIn.status).toBe(200);
    expect(
      builtIn.headers.get('x-ms-ratelimit-remaining-subscription-reads'),
    ).not.toBeNull();
    expect(builtIn.body).toMatchObject({
      id: '/providers/Microsoft.Authorization/policyDefinitions/95edb821-ddaf-4404-9732-666045e056b4',
      properties: { version: '7.2.0' },
    });
    const anonymous = await fetch(
      `${emulator.url}${sub}/providers/Microsoft.Authorization/roleAssignments?${AUTH_API}`,
    );
    expect(anonymous.status).toBe(401);
    const noVersion = await get(`${kc}/extensions`);
    expect(noVersion.body.error.code).toBe('MissingApiVersionParameter');
    expect(
      (
        await get(
          `${sub}/providers/Microsoft.Authorization/roleAssignments?${AUTH_API}&$filter=${encodeURIComponent(
            "assignedTo('x')",
          )}`,
        )
      ).status,
    ).toBe(400);
  });
});
