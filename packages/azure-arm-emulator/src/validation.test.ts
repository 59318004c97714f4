import fs from 'node:fs';
import path from 'node:path';
import { createEmulator, Emulator, findVmSize, AZURE_REGIONS } from './index';
import {
  API,
  call,
  clusterPath,
  rgPath,
  waitForOperation,
} from './__testUtils__/http';

const RG_API = 'api-version=2024-11-01';
const EXAMPLES = path.resolve(__dirname, '../../../examples/cluster-templates');

const pool = (
  name: string,
  vmSize: string,
  extra: Record<string, unknown> = {},
) => ({
  name,
  vmSize,
  mode: name === 'system' ? 'System' : 'User',
  ...extra,
});

function clusterBody(location: string, pools: object[]) {
  return { location, properties: { dnsPrefix: 'v', agentPoolProfiles: pools } };
}

/** Errors as they are on the wire: ARM's envelope for ARM's errors, AKS's bare object for AKS's. */
describe('Azure validation errors on the wire', () => {
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
    emulator.configure({ quotas: null, unavailableVmSizes: null });
    await call(emulator.url, 'PUT', `${rgPath('rg')}?${RG_API}`, {
      location: 'westeurope',
    });
  });

  it('answers a resource group in an unknown region with LocationNotAvailableForResourceGroup', async () => {
    const res = await call(
      emulator.url,
      'PUT',
      `${rgPath('rg-mars')}?${RG_API}`,
      { location: 'Mars North' },
    );
    expect(res.status).toBe(400);
    expect(res.body).toEqual({
      error: {
        code: 'LocationNotAvailableForResourceGroup',
        message: expect.stringMatching(
          /^The provided location 'marsnorth' is not available for resource group\. List of available regions is 'eastus,eastus2,.*southeastasia,.*swedencentral,.*westeurope,.*'\.$/,
        ),
      },
    });
    const display = await call(
      emulator.url,
      'PUT',
      `${rgPath('rg-sea')}?${RG_API}`,
      { location: 'Southeast Asia' },
    );
    expect(display.status).toBe(201);
    expect(display.body.location).toBe('southeastasia');
  });

  it('answers a managed cluster in an unknown region with LocationNotAvailableForResourceType', async () => {
    const res = await call(
      emulator.url,
      'PUT',
      `${clusterPath('rg', 'c1')}?${API}`,
      clusterBody('westeurope2', [
        pool('system', 'Standard_D4s_v5', { count: 1 }),
      ]),
    );
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('LocationNotAvailableForResourceType');
    expect(res.body.error.message).toBe(
      `The provided location 'westeurope2' is not available for resource type 'Microsoft.ContainerService/managedClusters'. List of available regions for the resource type is '${AZURE_REGIONS.join(
        ',',
      )}'.`,
    );
  });

  it("answers an unknown VM size as AKS does: 400 BadRequest listing the allowed sizes, in AKS's bare error object", async () => {
    const res = await call(
      emulator.url,
      'PUT',
      `${clusterPath('rg', 'c1')}?${API}`,
      clusterBody('westeurope', [
        pool('system', 'Standard_D4s_v5', { count: 1 }),
        pool('gpu', 'Standard_NC24ads_A100_v5', { count: 1 }),
      ]),
    );
    expect(res.status).toBe(400);
    expect(res.body).toEqual({
      code: 'BadRequest',
      details: null,
      message: expect.stringMatching(
        /^The VM size of Standard_NC24ads_A100_v5 is not allowed in your subscription in location 'westeurope'\. The available VM sizes are '[a-z0-9_,]*standard_nc24ads_a100_v4,[a-z0-9_,]*' For more details, please visit https:\/\/aka\.ms\/aks\/quotas-skus-regions$/,
      ),
      subcode: '',
    });
    expect(
      (await call(emulator.url, 'GET', `${clusterPath('rg', 'c1')}?${API}`))
        .status,
    ).toBe(404);
  });

  it('refuses a size the subscription may not use in a region, on clusters and on pools', async () => {
    emulator.configure({
      unavailableVmSizes: { westeurope: ['Standard_NC24ads_A100_v4'] },
    });
    const cluster = await call(
      emulator.url,
      'PUT',
      `${clusterPath('rg', 'c1')}?${API}`,
      clusterBody('westeurope', [
        pool('system', 'Standard_D4s_v5', { count: 1 }),
      ]),
    );
    expect(cluster.status).toBe(201);
    await waitForOperation(
      emulator.url,
      cluster.headers.get('azure-asyncoperation')!,
    );
    const res = await call(
      emulator.url,
      'PUT',
      `${clusterPath('rg', 'c1')}/agentPools/gpu?${API}`,
      { properties: { vmSize: 'standard_nc24ads_a100_v4', count: 1 } },
    );
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('BadRequest');
    expect(res.body.message).toMatch(
      /^The VM size of standard_nc24ads_a100_v4 is not allowed in your subscription in location 'westeurope'\./,
    );
    expect(res.body.message).not.toMatch(/standard_nc24ads_a100_v4,/);
  });

  it('knows every VM size of the example templates', () => {
    const sizes = fs
      .readdirSync(EXAMPLES)
      .filter(f => f.endsWith('.yaml'))
      .flatMap(f =>
        [
          ...fs
            .readFileSync(path.join(EXAMPLES, f), 'utf8')
            .matchAll(/vmSize:\s*([\w-]+)/g),
        ].map(m => m[1]),
      );
    expect(sizes.length).toBeGreaterThan(3);
    expect(sizes.filter(s => !findVmSize(s))).toEqual([]);
  });

  describe('vCPU quota', () => {
    it("fails a cluster whose nodes exceed the family quota, synchronously and in AKS's words", async () => {
      emulator.configure({
        quotas: { centralindia: { 'Standard NCASv3_T4 Family': 8 } },
      });
      await call(emulator.url, 'PUT', `${rgPath('rg-in')}?${RG_API}`, {
        location: 'centralindia',
      });
      const res = await call(
        emulator.url,
        'PUT',
        `${clusterPath('rg-in', 'test1')}?${API}`,
        clusterBody('centralindia', [
          pool('system', 'Standard_D4ds_v5', { count: 3 }),
          pool('gpu', 'Standard_NC8as_T4_v3', { count: 2 }),
        ]),
      );
      expect(res.status).toBe(400);
      expect(res.headers.get('azure-asyncoperation')).toBeNull();
      expect(res.body).toEqual({
        code: 'ErrCode_InsufficientVCPUQuota',
        details: null,
        message:
          'Insufficient vcpu quota requested 16, remaining 8 for family Standard NCASv3_T4 Family for region centralindia. ' +
          'If you want to increase the quota, please follow this instruction: https://learn.microsoft.com/en-us/azure/quotas/view-quotas. ' +
          'Surge nodes would also consume vcpu quota, please consider use smaller maxSurge or use maxUnavailable to proceed upgrade without surge nodes, details: aka.ms/aks/maxUnavailable.',
        subcode: '',
      });
      expect(
        (
          await call(
            emulator.url,
            'GET',
            `${clusterPath('rg-in', 'test1')}?${API}`,
          )
        ).status,
      ).toBe(404);
      expect(emulator.state.stats.operationsStarted).toBe(0);
    });

    it('counts the nodes AKS creates: an autoscaling pool at minCount 0 needs no quota, growing it does', async () => {
      emulator.configure({
        quotas: { westeurope: { standardNCADSA100v4Family: 0 } },
      });
      const created = await call(
        emulator.url,
        'PUT',
        `${clusterPath('rg', 'dev')}?${API}`,
        clusterBody('westeurope', [
          pool('system', 'Standard_D4ds_v5', { count: 2 }),
          pool('gpu', 'Standard_NC24ads_A100_v4', {
            enableAutoScaling: true,
            minCount: 0,
            maxCount: 2,
          }),
        ]),
      );
      expect(created.status).toBe(201);
      await waitForOperation(
        emulator.url,
        created.headers.get('azure-asyncoperation')!,
      );

      const grown = await call(
        emulator.url,
        'PUT',
        `${clusterPath('rg', 'dev')}/agentPools/gpu?${API}`,
        {
          properties: {
            vmSize: 'Standard_NC24ads_A100_v4',
            enableAutoScaling: true,
            minCount: 1,
            maxCount: 2,
          },
        },
      );
      expect(grown.status).toBe(400);
      expect(grown.body.code).toBe('ErrCode_InsufficientVCPUQuota');
      expect(grown.body.message).toMatch(
        /^Insufficient vcpu quota requested 24, remaining 0 for family standardNCADSA100v4Family for region westeurope\. /,
      );
    });

    it('counts what the subscription already runs in the region, and only the increase of an update', async () => {
      emulator.configure({
        quotas: { westeurope: { standardDSv5Family: 20 } },
      });
      const first = await call(
        emulator.url,
        'PUT',
        `${clusterPath('rg', 'a')}?${API}`,
        clusterBody('westeurope', [
          pool('system', 'Standard_D4s_v5', { count: 3 }),
        ]),
      );
      expect(first.status).toBe(201);
      await waitForOperation(
        emulator.url,
        first.headers.get('azure-asyncoperation')!,
      );
      // 12 of 20 in use: a second cluster of 3 x 4 does not fit.
      const second = await call(
        emulator.url,
        'PUT',
        `${clusterPath('rg', 'b')}?${API}`,
        clusterBody('westeurope', [
          pool('system', 'Standard_D4s_v5', { count: 3 }),
        ]),
      );
      expect(second.status).toBe(400);
      expect(second.body.message).toMatch(
        /^Insufficient vcpu quota requested 12, remaining 8 for family standardDSv5Family /,
      );
      // Growing the first from 3 to 5 nodes asks for 8 more: it fits exactly.
      const grow = await call(
        emulator.url,
        'PUT',
        `${clusterPath('rg', 'a')}/agentPools/system?${API}`,
        { properties: { vmSize: 'Standard_D4s_v5', count: 5, mode: 'System' } },
      );
      expect(grow.status).toBe(200);
      await waitForOperation(
        emulator.url,
        grow.headers.get('azure-asyncoperation')!,
      );
      // Another region has its own quota.
      await call(emulator.url, 'PUT', `${rgPath('rg-se')}?${RG_API}`, {
        location: 'swedencentral',
      });
      const elsewhere = await call(
        emulator.url,
        'PUT',
        `${clusterPath('rg-se', 'b')}?${API}`,
        clusterBody('swedencentral', [
          pool('system', 'Standard_D4s_v5', { count: 3 }),
        ]),
      );
      expect(elsewhere.status).toBe(201);
      const state = (await call(emulator.url, 'GET', '/_emulator/state')).body;
      expect(state.quotaUsage).toEqual(
        expect.arrayContaining([
          {
            subscriptionId: expect.any(String),
            location: 'westeurope',
            vCpus: { standardDSv5Family: 20, cores: 20 },
          },
        ]),
      );
    });

    it('checks the Total Regional vCPUs quota (cores) too', async () => {
      emulator.configure({ quotas: { '*': { cores: 10 } } });
      const res = await call(
        emulator.url,
        'PUT',
        `${clusterPath('rg', 'c1')}?${API}`,
        clusterBody('westeurope', [
          pool('system', 'Standard_D4s_v5', { count: 3 }),
        ]),
      );
      expect(res.status).toBe(400);
      expect(res.body.code).toBe('ErrCode_InsufficientVCPUQuota');
      expect(res.body.message).toMatch(
        /^Insufficient regional vcpu quota left for location westeurope\. left regional vcpu quota 10, requested quota 12\. If you want to increase the quota/,
      );
    });

    it("counts surge nodes when an upgrade changes a pool's version", async () => {
      emulator.configure({
        quotas: { westeurope: { standardDSv5Family: 12 } },
      });
      const created = await call(
        emulator.url,
        'PUT',
        `${clusterPath('rg', 'c1')}?${API}`,
        clusterBody('westeurope', [
          pool('system', 'Standard_D4s_v5', {
            count: 3,
            orchestratorVersion: '1.32.6',
          }),
        ]),
      );
      await waitForOperation(
        emulator.url,
        created.headers.get('azure-asyncoperation')!,
      );
      const upgrade = await call(
        emulator.url,
        'PUT',
        `${clusterPath('rg', 'c1')}/agentPools/system?${API}`,
        {
          properties: {
            vmSize: 'Standard_D4s_v5',
            count: 3,
            mode: 'System',
            orchestratorVersion: '1.33.3',
          },
        },
      );
      expect(upgrade.status).toBe(400);
      expect(upgrade.body.message).toMatch(
        /^Insufficient vcpu quota requested 4, remaining 0 for family standardDSv5Family /,
      );
    });

    it('lets the example templates run at their largest sizes with the default quota', async () => {
      await call(emulator.url, 'PUT', `${rgPath('rg-prod')}?${RG_API}`, {
        location: 'centralindia',
      });
      const res = await call(
        emulator.url,
        'PUT',
        `${clusterPath('rg-prod', 'prod')}?${API}`,
        clusterBody('centralindia', [
          pool('system', 'Standard_D8ds_v5', {
            count: 6,
            enableAutoScaling: true,
            minCount: 3,
            maxCount: 6,
          }),
          pool('gpu', 'Standard_NC24ads_A100_v4', {
            count: 25,
            enableAutoScaling: true,
            minCount: 0,
            maxCount: 25,
          }),
        ]),
      );
      expect(res.status).toBe(201);
    });
  });
});
