import {
  ContainerServiceClient,
  restorePoller,
} from '@azure/arm-containerservice';
import { ResourceManagementClient } from '@azure/arm-resources';
import { createEmulator, Emulator } from './index';
import { fakeCredential as credential, sdkOptions } from './__testUtils__/sdk';

const SUB = '11111111-2222-3333-4444-555555555555';

const clusterBody = {
  location: 'westeurope',
  tags: { owner: 'team-a' },
  dnsPrefix: 'sdk1',
  agentPoolProfiles: [
    {
      name: 'system',
      mode: 'System' as const,
      count: 1,
      vmSize: 'Standard_D4s_v5',
      osType: 'Linux' as const,
    },
    {
      name: 'gpu',
      mode: 'User' as const,
      vmSize: 'Standard_NC24ads_A100_v4',
      enableAutoScaling: true,
      minCount: 0,
      maxCount: 25,
      nodeTaints: ['sku=gpu:NoSchedule'],
    },
  ],
};

describe('the official Azure SDK against the emulator', () => {
  let emulator: Emulator;
  let aks: ContainerServiceClient;
  let arm: ResourceManagementClient;
  const poll = { updateIntervalInMs: 20 };

  beforeAll(async () => {
    emulator = await createEmulator({
      operationDurationMs: 150,
      retryAfterSeconds: 0,
      faultRetryAfterSeconds: 0,
      seed: 42,
    });
    const options = sdkOptions(emulator);
    aks = new ContainerServiceClient(credential, SUB, options);
    arm = new ResourceManagementClient(credential, SUB, options);
  });
  afterAll(() => emulator?.close());

  it('creates, lists, reads and deletes a cluster with a GPU pool', async () => {
    expect(emulator.url).toMatch(/^https:\/\//);
    const rg = await arm.resourceGroups.createOrUpdate('rg-sdk', {
      location: 'westeurope',
    });
    expect(rg.properties?.provisioningState).toBe('Succeeded');

    const cluster = await aks.managedClusters.createOrUpdate(
      'rg-sdk',
      'aks1',
      clusterBody,
      poll,
    );
    expect(cluster.provisioningState).toBe('Succeeded');
    expect(cluster.id).toBe(
      `/subscriptions/${SUB}/resourcegroups/rg-sdk/providers/Microsoft.ContainerService/managedClusters/aks1`,
    );
    expect(cluster.fqdn).toMatch(
      /^sdk1-[0-9a-f]{8}\.hcp\.westeurope\.azmk8s\.io$/,
    );

    const listed = [];
    for await (const c of aks.managedClusters.list()) listed.push(c.name);
    expect(listed).toEqual(['aks1']);

    const pools = [];
    for await (const p of aks.agentPools.list('rg-sdk', 'aks1')) pools.push(p);
    const gpu = pools.find(p => p.name === 'gpu')!;
    expect(gpu).toMatchObject({
      enableAutoScaling: true,
      minCount: 0,
      maxCount: 25,
      count: 0,
      mode: 'User',
      provisioningState: 'Succeeded',
    });

    await aks.managedClusters.delete('rg-sdk', 'aks1', poll);
    await expect(
      aks.managedClusters.get('rg-sdk', 'aks1'),
    ).rejects.toMatchObject({ statusCode: 404, code: 'ResourceNotFound' });
  });

  it('serializes a poller after submit and resumes it with restorePoller', async () => {
    await arm.resourceGroups.createOrUpdate('rg-resume', {
      location: 'westeurope',
    });
    const poller = aks.managedClusters.createOrUpdate(
      'rg-resume',
      'aks2',
      clusterBody,
      poll,
    );
    await poller.submitted();
    const serialized = await poller.serialize();
    expect(JSON.parse(serialized)).toBeTruthy();
    const restored = restorePoller(
      aks,
      serialized,
      aks.managedClusters.createOrUpdate,
      poll,
    );
    const result = await restored.pollUntilDone();
    expect(result.name).toBe('aks2');
    expect(result.provisioningState).toBe('Succeeded');
    await poller.pollUntilDone();
  });

  it('answers 409 to a concurrent write on the same cluster', async () => {
    await arm.resourceGroups.createOrUpdate('rg-409', {
      location: 'westeurope',
    });
    const first = aks.managedClusters.createOrUpdate(
      'rg-409',
      'aks3',
      clusterBody,
      poll,
    );
    await first.submitted();
    await expect(
      aks.agentPools.createOrUpdate(
        'rg-409',
        'aks3',
        'extra',
        { vmSize: 'Standard_D4s_v5', count: 1 },
        poll,
      ),
    ).rejects.toMatchObject({ statusCode: 409, code: 'OperationNotAllowed' });
    await first.pollUntilDone();
    const pool = await aks.agentPools.createOrUpdate(
      'rg-409',
      'aks3',
      'extra',
      { vmSize: 'Standard_D4s_v5', count: 1 },
      poll,
    );
    expect(pool.provisioningState).toBe('Succeeded');
    const cluster = await aks.managedClusters.get('rg-409', 'aks3');
    expect(cluster.agentPoolProfiles?.map(p => p.name)).toEqual([
      'system',
      'gpu',
      'extra',
    ]);
  });

  it('throttles with 429 and the SDK retries through it', async () => {
    await arm.resourceGroups.createOrUpdate('rg-429', {
      location: 'westeurope',
    });
    emulator.configure({
      throttling: { reads: { capacity: 3, refillPerSecond: 5 } },
    });
    const before = emulator.state.stats.throttled;
    try {
      const results = await Promise.all(
        Array.from({ length: 8 }, () => arm.resourceGroups.get('rg-429')),
      );
      expect(results.every(r => r.name === 'rg-429')).toBe(true);
      expect(emulator.state.stats.throttled).toBeGreaterThan(before);
    } finally {
      emulator.configure({
        throttling: { reads: { capacity: 250, refillPerSecond: 25 } },
      });
    }
  });

  it('follows nextLink across several pages', async () => {
    await arm.resourceGroups.createOrUpdate('rg-pages', {
      location: 'westeurope',
    });
    const names = ['p1', 'p2', 'p3', 'p4', 'p5'];
    await Promise.all(
      names.map(n =>
        aks.managedClusters.beginCreateOrUpdateAndWait(
          'rg-pages',
          n,
          clusterBody,
          poll,
        ),
      ),
    );
    emulator.configure({ pageSize: 2 });
    try {
      const before = emulator.state.stats.reads.resources;
      const sizes = [];
      for await (const page of aks.managedClusters
        .listByResourceGroup('rg-pages')
        .byPage())
        sizes.push(page.length);
      expect(sizes).toEqual([2, 2, 1]);
      expect(emulator.state.stats.reads.resources - before).toBe(3);

      const listed = [];
      for await (const c of aks.managedClusters.listByResourceGroup('rg-pages'))
        listed.push(c);
      expect(listed.map(c => c.name)).toEqual(names);
      // Each listed cluster carries its own pools, as a GET of it does.
      const p4 = await aks.managedClusters.get('rg-pages', 'p4');
      expect(listed[3].agentPoolProfiles).toEqual(p4.agentPoolProfiles);
      expect(listed.map(c => c.agentPoolProfiles!.map(p => p.name))).toEqual(
        names.map(() => ['system', 'gpu']),
      );
      const inSubscription = [];
      for await (const c of aks.managedClusters.list())
        if (c.name === 'p2') inSubscription.push(c);
      expect(inSubscription[0].agentPoolProfiles).toEqual(
        (await aks.managedClusters.get('rg-pages', 'p2')).agentPoolProfiles,
      );
      const groups = [];
      for await (const g of arm.resourceGroups.list()) groups.push(g.name);
      expect(groups).toEqual(expect.arrayContaining(['rg-sdk', 'rg-pages']));
      expect(groups.length).toBeGreaterThan(2);
      const pools = [];
      for await (const p of aks.agentPools.list('rg-pages', 'p1'))
        pools.push(p.name);
      expect(pools).toEqual(['system', 'gpu']);
    } finally {
      emulator.configure({ pageSize: 100 });
    }
  });

  it('deletes a resource group and the clusters in it through the SDK poller', async () => {
    await arm.resourceGroups.createOrUpdate('rg-gone', {
      location: 'westeurope',
    });
    await aks.managedClusters.beginCreateOrUpdateAndWait(
      'rg-gone',
      'doomed',
      clusterBody,
      poll,
    );
    const before = emulator.state.stats.reads.location;
    await arm.resourceGroups.beginDeleteAndWait('rg-gone', poll);
    expect(emulator.state.stats.reads.location).toBeGreaterThan(before);
    expect((await arm.resourceGroups.checkExistence('rg-gone')).body).toBe(
      false,
    );
    await expect(
      aks.managedClusters.get('rg-gone', 'doomed'),
    ).rejects.toMatchObject({ statusCode: 404, code: 'ResourceGroupNotFound' });
    expect(emulator.state.resources.size).toBe(
      [...emulator.state.resources.values()].filter(
        r => r.resourceGroup !== 'rg-gone',
      ).length,
    );
  });

  describe("Azure's validation errors reach the caller as RestErrors", () => {
    afterEach(() => emulator.configure({ quotas: null }));

    it('an unknown location', async () => {
      await expect(
        arm.resourceGroups.createOrUpdate('rg-moon', { location: 'moonbase1' }),
      ).rejects.toMatchObject({
        statusCode: 400,
        code: 'LocationNotAvailableForResourceGroup',
        message: expect.stringMatching(
          /^The provided location 'moonbase1' is not available for resource group\. List of available regions is '.*southeastasia.*'\.$/,
        ),
      });
      await arm.resourceGroups.createOrUpdate('rg-loc', {
        location: 'westeurope',
      });
      await expect(
        aks.managedClusters.beginCreateOrUpdateAndWait(
          'rg-loc',
          'aks-moon',
          { ...clusterBody, location: 'moonbase1' },
          poll,
        ),
      ).rejects.toMatchObject({
        statusCode: 400,
        code: 'LocationNotAvailableForResourceType',
        message: expect.stringMatching(
          /^The provided location 'moonbase1' is not available for resource type 'Microsoft\.ContainerService\/managedClusters'\. List of available regions for the resource type is '.*swedencentral.*'\.$/,
        ),
      });
    });

    it('an unknown VM size', async () => {
      await arm.resourceGroups.createOrUpdate('rg-size', {
        location: 'westeurope',
      });
      const body = {
        ...clusterBody,
        agentPoolProfiles: [
          { ...clusterBody.agentPoolProfiles[0], vmSize: 'Standard_D4s_v9' },
        ],
      };
      await expect(
        aks.managedClusters.beginCreateOrUpdateAndWait(
          'rg-size',
          'aks-size',
          body,
          poll,
        ),
      ).rejects.toMatchObject({
        statusCode: 400,
        code: 'BadRequest',
        message: expect.stringMatching(
          /^The VM size of Standard_D4s_v9 is not allowed in your subscription in location 'westeurope'\. The available VM sizes are '.*standard_d4s_v5.*' For more details, please visit https:\/\/aka\.ms\/aks\/quotas-skus-regions$/,
        ),
      });
      await aks.managedClusters.beginCreateOrUpdateAndWait(
        'rg-size',
        'aks-size',
        clusterBody,
        poll,
      );
      await expect(
        aks.agentPools.beginCreateOrUpdateAndWait(
          'rg-size',
          'aks-size',
          'big',
          { vmSize: 'Standard_M416ms_v2', count: 1 },
          poll,
        ),
      ).rejects.toMatchObject({
        statusCode: 400,
        code: 'BadRequest',
        message: expect.stringContaining(
          'The VM size of Standard_M416ms_v2 is not allowed',
        ),
      });
    });

    it('an exhausted vCPU quota, on a cluster and on a pool', async () => {
      emulator.configure({
        quotas: { westeurope: { standardNCADSA100v4Family: 48 } },
      });
      await arm.resourceGroups.createOrUpdate('rg-quota', {
        location: 'westeurope',
      });
      const gpu = {
        name: 'gpu',
        mode: 'User' as const,
        vmSize: 'Standard_NC24ads_A100_v4',
        count: 3,
      };
      await expect(
        aks.managedClusters.beginCreateOrUpdateAndWait(
          'rg-quota',
          'aks-q',
          {
            ...clusterBody,
            agentPoolProfiles: [clusterBody.agentPoolProfiles[0], gpu],
          },
          poll,
        ),
      ).rejects.toMatchObject({
        statusCode: 400,
        code: 'ErrCode_InsufficientVCPUQuota',
        message: expect.stringMatching(
          /^Insufficient vcpu quota requested 72, remaining 48 for family standardNCADSA100v4Family for region westeurope\. If you want to increase the quota/,
        ),
      });
      await aks.managedClusters.beginCreateOrUpdateAndWait(
        'rg-quota',
        'aks-q',
        {
          ...clusterBody,
          agentPoolProfiles: [
            clusterBody.agentPoolProfiles[0],
            { ...gpu, count: 2 },
          ],
        },
        poll,
      );
      await expect(
        aks.agentPools.beginCreateOrUpdateAndWait(
          'rg-quota',
          'aks-q',
          'gpu2',
          { vmSize: 'Standard_NC24ads_A100_v4', count: 1 },
          poll,
        ),
      ).rejects.toMatchObject({
        statusCode: 400,
        code: 'ErrCode_InsufficientVCPUQuota',
        message: expect.stringContaining('requested 24, remaining 0'),
      });
    });

    it("the region's managed-cluster quota: a new cluster past it is refused, an update of one already there is not", async () => {
      await arm.resourceGroups.createOrUpdate('rg-count', {
        location: 'centralindia',
      });
      const body = { ...clusterBody, location: 'centralindia' };
      await aks.managedClusters.beginCreateOrUpdateAndWait(
        'rg-count',
        'aks-count-1',
        body,
        poll,
      );
      let inRegion = 0;
      for await (const c of aks.managedClusters.list())
        if (c.location === 'centralindia') inRegion++;
      emulator.configure({ managedClusterQuota: { centralindia: inRegion } });
      try {
        await expect(
          aks.managedClusters.beginCreateOrUpdateAndWait(
            'rg-count',
            'aks-count-2',
            body,
            poll,
          ),
        ).rejects.toMatchObject({
          statusCode: 400,
          code: 'QuotaExceeded',
          message: `Operation results in exceeding quota limits for managed clusters. Maximum allowed: ${inRegion}, Current usage: ${inRegion}, Additional requested: 1. Consider deleting unused clusters or requesting a quota increase. To request a quota increase, follow the instructions here: https://learn.microsoft.com/azure/quotas/quickstart-increase-quota-portal.`,
        });
        // Another region, and an update of a cluster already counted, pass.
        await aks.managedClusters.beginCreateOrUpdateAndWait(
          'rg-count',
          'aks-count-1',
          { ...body, tags: { changed: 'yes' } },
          poll,
        );
        await aks.managedClusters.beginCreateOrUpdateAndWait(
          'rg-count',
          'aks-count-3',
          { ...body, location: 'southindia' },
          poll,
        );
      } finally {
        emulator.configure({ managedClusterQuota: null });
      }
    });
  });

  it('ends Succeeded under 20% injected faults thanks to retries', async () => {
    await arm.resourceGroups.createOrUpdate('rg-faults', {
      location: 'westeurope',
    });
    emulator.configure({
      faults: {
        throttleRate: 0.05,
        serverErrorRate: 0.1,
        dropConnectionRate: 0.05,
        failedOperationRate: 0.2,
        seed: 7,
      },
    });
    try {
      const names = ['f1', 'f2', 'f3'];
      for (const name of names) {
        let result;
        for (let attempt = 0; attempt < 10 && !result; attempt++) {
          try {
            result = await aks.managedClusters.createOrUpdate(
              'rg-faults',
              name,
              clusterBody,
              poll,
            );
          } catch (e) {
            // A Failed operation or exhausted retries: try the PUT again.
          }
        }
        expect(result?.provisioningState).toBe('Succeeded');
      }
      const s = emulator.state.stats;
      expect(
        s.faultsInjected.drop +
          s.faultsInjected.serverError +
          s.faultsInjected.throttle,
      ).toBeGreaterThan(0);
    } finally {
      emulator.configure({
        faults: {
          throttleRate: 0,
          serverErrorRate: 0,
          dropConnectionRate: 0,
          failedOperationRate: 0,
        },
      });
    }
  });
});
