import { createEmulator, Emulator } from './index';
import { API, call, clusterPath, rgPath, SUB } from './__testUtils__/http';

const RG_API = 'api-version=2024-11-01';
const body = {
  location: 'westeurope',
  tags: { owner: 'team-a' },
  properties: {
    dnsPrefix: 'adm',
    agentPoolProfiles: [
      { name: 'system', mode: 'System', count: 2, vmSize: 'Standard_D4ds_v5' },
      {
        name: 'gpu',
        mode: 'User',
        vmSize: 'Standard_NC24ads_A100_v4',
        enableAutoScaling: true,
        minCount: 0,
        maxCount: 2,
      },
    ],
  },
};
const relative = (url: string) => url.slice(new URL(url).origin.length);

/** The admin endpoints, preconditions and resource-group deletion, on a clock the test moves. */
describe('the emulator admin surface and ARM semantics', () => {
  let emulator: Emulator;
  let clock = 1_700_000_000_000;
  const tick = (ms: number) => {
    clock += ms;
  };
  const get = (path: string) => call(emulator.url, 'GET', path);
  const admin = (method: string, path: string, payload?: unknown) =>
    call(emulator.url, method, path, payload);

  async function createCluster(rg = 'rg', name = 'c1') {
    const res = await call(
      emulator.url,
      'PUT',
      `${clusterPath(rg, name)}?${API}`,
      body,
    );
    expect(res.status).toBe(201);
    return res;
  }

  beforeAll(async () => {
    emulator = await createEmulator({
      tls: false,
      operationDurationMs: 1000,
      retryAfterSeconds: 0,
      now: () => clock,
    });
  });
  afterAll(() => emulator?.close());
  beforeEach(async () => {
    await admin('POST', '/_emulator/reset');
    await admin('POST', '/_emulator/config', {
      operationDurationMs: 1000,
      operationDurationByType: {
        managedCluster: null,
        agentPool: null,
        resourceGroup: null,
      },
      pageSize: 100,
      faults: {
        throttleRate: 0,
        serverErrorRate: 0,
        dropConnectionRate: 0,
        failedOperationRate: 0,
        alwaysFailResources: null,
        unreachableRegions: null,
      },
      throttling: { reads: { capacity: 250, refillPerSecond: 25 } },
    });
    await call(emulator.url, 'PUT', `${rgPath('rg')}?${RG_API}`, {
      location: 'westeurope',
    });
  });

  describe('POST /_emulator/config at runtime', () => {
    it('changes operation durations, globally and per resource kind', async () => {
      const first = await createCluster('rg', 'c1');
      const op = relative(first.headers.get('azure-asyncoperation')!);
      tick(999);
      expect((await get(op)).body.status).toBe('InProgress');
      tick(1);
      expect((await get(op)).body.status).toBe('Succeeded');

      const config = await admin('POST', '/_emulator/config', {
        operationDurationMs: 10,
        operationDurationByType: { managedCluster: 60_000 },
      });
      expect(config.body).toMatchObject({
        operationDurationMs: 10,
        operationDurationByType: { managedCluster: 60_000 },
      });
      expect(
        (await admin('GET', '/_emulator/config')).body.operationDurationByType,
      ).toEqual({ managedCluster: 60_000 });

      const second = await createCluster('rg', 'c2');
      tick(59_999);
      expect(
        (await get(relative(second.headers.get('azure-asyncoperation')!))).body
          .status,
      ).toBe('InProgress');
      const pool = await call(
        emulator.url,
        'PUT',
        `${clusterPath('rg', 'c1')}/agentPools/extra?${API}`,
        { properties: { vmSize: 'Standard_D4s_v5', count: 1 } },
      );
      tick(10);
      expect(
        (await get(relative(pool.headers.get('azure-asyncoperation')!))).body
          .status,
      ).toBe('Succeeded');
    });

    it('turns faults on and off: injected 429s, 500s and failed operations', async () => {
      await admin('POST', '/_emulator/config', {
        faults: { throttleRate: 1 },
        faultRetryAfterSeconds: 3,
      });
      const throttled = await get(`${rgPath('rg')}?${RG_API}`);
      expect(throttled.status).toBe(429);
      expect(throttled.headers.get('retry-after')).toBe('3');
      expect(throttled.body.error.code).toBe('TooManyRequests');

      await admin('POST', '/_emulator/config', {
        faults: { throttleRate: 0, serverErrorRate: 1 },
      });
      const failed = await get(`${rgPath('rg')}?${RG_API}`);
      expect(failed.status).toBe(500);
      expect(failed.body.error.code).toBe('InternalServerError');

      await admin('POST', '/_emulator/config', {
        faults: { serverErrorRate: 0, failedOperationRate: 1 },
      });
      const created = await createCluster();
      tick(1000);
      const op = (
        await get(relative(created.headers.get('azure-asyncoperation')!))
      ).body;
      expect(op).toMatchObject({
        status: 'Failed',
        error: { code: 'InternalOperationError' },
      });
      expect(
        (await get(`${clusterPath('rg', 'c1')}?${API}`)).body.properties
          .provisioningState,
      ).toBe('Failed');

      await admin('POST', '/_emulator/config', {
        faults: { failedOperationRate: 0 },
      });
      expect((await get(`${rgPath('rg')}?${RG_API}`)).status).toBe(200);
      expect(emulator.state.stats.faultsInjected).toEqual({
        drop: 0,
        throttle: 1,
        serverError: 1,
      });
      expect(emulator.state.stats.throttledByClass.injected).toBe(1);
    });

    it('fails every operation of one resource with alwaysFailResources, leaves the others alone, and refuses a list that is not of resource ids', async () => {
      const failing = clusterPath('rg', 'c1');
      const status = async (created: { headers: Headers }) =>
        (await get(relative(created.headers.get('azure-asyncoperation')!)))
          .body;
      const set = await admin('POST', '/_emulator/config', {
        faults: { alwaysFailResources: [failing.toUpperCase()] },
      });
      expect(set.status).toBe(200);
      // Accepted each time, then Failed each time: the same PUT again starts a new operation that fails too.
      for (let i = 0; i < 3; i++) {
        const created = await call(
          emulator.url,
          'PUT',
          `${failing}?${API}`,
          body,
        );
        expect(created.status).toBe(i === 0 ? 201 : 200);
        tick(1000);
        expect(await status(created)).toMatchObject({
          status: 'Failed',
          error: { code: 'InternalOperationError' },
        });
      }
      expect(
        (await get(`${failing}?${API}`)).body.properties.provisioningState,
      ).toBe('Failed');
      const other = await createCluster('rg', 'c2');
      tick(1000);
      expect((await status(other)).status).toBe('Succeeded');

      const refused = await admin('POST', '/_emulator/config', {
        faults: { alwaysFailResources: 'c1' },
      });
      expect(refused.status).toBe(400);
      expect(refused.body.error.message).toMatch(
        /^faults\.alwaysFailResources must be a list of resource ids/,
      );
      expect(
        (await get('/_emulator/config')).body.faults.alwaysFailResources,
      ).toEqual([failing.toUpperCase()]); // the refusal changed nothing

      await admin('POST', '/_emulator/config', {
        faults: { alwaysFailResources: null },
      });
      const again = await call(emulator.url, 'PUT', `${failing}?${API}`, body);
      expect(again.status).toBe(200);
      tick(1000);
      expect((await status(again)).status).toBe('Succeeded');
    });

    it('makes a region unreachable with unreachableRegions: everything there answers 503, other regions answer, and it answers again once cleared', async () => {
      // A cluster in southeastasia (its group too), and the one in westeurope from createCluster.
      await call(emulator.url, 'PUT', `${rgPath('rg-sea')}?${RG_API}`, {
        location: 'southeastasia',
      });
      const inSea = await call(
        emulator.url,
        'PUT',
        `${clusterPath('rg-sea', 'c-sea')}?${API}`,
        { ...body, location: 'southeastasia' },
      );
      expect(inSea.status).toBe(201);
      await createCluster('rg', 'c-weu');
      tick(1000);
      const set = await admin('POST', '/_emulator/config', {
        faults: { unreachableRegions: ['Southeast Asia'] },
      });
      expect(set.status).toBe(200);

      const unavailable = {
        error: {
          code: 'ServiceUnavailable',
          message:
            "The service is unavailable in region 'southeastasia'. Please retry the request later.",
        },
      };
      // The group, the cluster, its pools, its operations, a deletion, a new group there: all 503.
      for (const [method, path, payload] of [
        ['GET', `${rgPath('rg-sea')}?${RG_API}`],
        ['GET', `${clusterPath('rg-sea', 'c-sea')}?${API}`],
        ['GET', `${clusterPath('rg-sea', 'c-sea')}/agentPools/gpu?${API}`],
        ['GET', relative(inSea.headers.get('azure-asyncoperation')!)],
        ['DELETE', `${rgPath('rg-sea')}?${RG_API}`],
        ['PUT', `${rgPath('rg-new')}?${RG_API}`, { location: 'southeastasia' }],
      ] as const) {
        const res = await call(emulator.url, method, path, payload);
        expect([method, path, res.status]).toEqual([method, path, 503]);
        expect(res.body).toEqual(unavailable);
      }
      // Other regions and subscription-wide lists answer as before.
      expect((await get(`${clusterPath('rg', 'c-weu')}?${API}`)).status).toBe(
        200,
      );
      const groups = await get(
        `/subscriptions/${SUB}/resourcegroups?${RG_API}`,
      );
      expect(groups.status).toBe(200);
      expect(groups.body.value.map((g: any) => g.name).sort()).toEqual([
        'rg',
        'rg-sea',
      ]);

      const refused = await admin('POST', '/_emulator/config', {
        faults: { unreachableRegions: ['atlantis'] },
      });
      expect(refused.status).toBe(400);
      expect(refused.body.error.message).toMatch(
        /^faults\.unreachableRegions must be a list of Azure regions/,
      );
      expect(
        (await get('/_emulator/config')).body.faults.unreachableRegions,
      ).toEqual(['Southeast Asia']); // the refusal changed nothing

      // The region answers again: its cluster is still there, and its group can be deleted.
      await admin('POST', '/_emulator/config', {
        faults: { unreachableRegions: null },
      });
      expect(
        (await get(`${clusterPath('rg-sea', 'c-sea')}?${API}`)).body.properties
          .provisioningState,
      ).toBe('Succeeded');
      expect(
        (await call(emulator.url, 'DELETE', `${rgPath('rg-sea')}?${RG_API}`))
          .status,
      ).toBe(202);
    });

    it('changes throttling: a small read bucket answers 429 with Retry-After until it refills', async () => {
      await admin('POST', '/_emulator/config', {
        throttling: { reads: { capacity: 2, refillPerSecond: 0.5 } },
      });
      const ok = await get(`${rgPath('rg')}?${RG_API}`);
      expect(
        ok.headers.get('x-ms-ratelimit-remaining-subscription-reads'),
      ).toBe('1');
      await get(`${rgPath('rg')}?${RG_API}`);
      const limited = await get(`${rgPath('rg')}?${RG_API}`);
      expect(limited.status).toBe(429);
      expect(limited.headers.get('retry-after')).toBe('2');
      expect(limited.body.error).toMatchObject({
        code: 'TooManyRequests',
        details: [{ code: 'SubscriptionRequestsThrottled' }],
      });
      tick(2000);
      expect((await get(`${rgPath('rg')}?${RG_API}`)).status).toBe(200);
      // Writes have their own bucket.
      expect(
        (
          await call(emulator.url, 'PUT', `${rgPath('rg2')}?${RG_API}`, {
            location: 'westeurope',
          })
        ).status,
      ).toBe(201);
      expect(emulator.state.stats.throttledByClass).toMatchObject({
        reads: 1,
        writes: 0,
      });
    });

    it('rejects a body that is not an object', async () => {
      const res = await admin('POST', '/_emulator/config', [1, 2]);
      expect(res.status).toBe(400);
    });
  });

  describe("PATCH /_emulator/resources?id= (a change behind the portal's back)", () => {
    it('shows the change on the next GET, with a new eTag, and makes the same PUT do work again', async () => {
      const created = await createCluster();
      tick(1000);
      const before = (await get(`${clusterPath('rg', 'c1')}?${API}`)).body;
      const id = before.id;
      const patched = await admin(
        'PATCH',
        `/_emulator/resources?id=${encodeURIComponent(id)}`,
        {
          tags: { owner: 'someone-else' },
          properties: {
            networkProfile: { networkPolicy: 'none' },
            agentPoolProfiles: [
              { name: 'system', count: 5 },
              {
                name: 'manual',
                vmSize: 'Standard_D2s_v5',
                count: 1,
                mode: 'User',
              },
            ],
          },
        },
      );
      expect(patched.status).toBe(200);

      const after = (await get(`${clusterPath('rg', 'c1')}?${API}`)).body;
      expect(after.tags).toEqual({ owner: 'someone-else' });
      expect(after.properties.networkProfile.networkPolicy).toBe('none');
      expect(after.eTag).not.toBe(before.eTag);
      const pools = Object.fromEntries(
        after.properties.agentPoolProfiles.map((p: any) => [p.name, p]),
      );
      expect(pools.system.count).toBe(5);
      expect(pools.manual).toMatchObject({
        vmSize: 'Standard_D2s_v5',
        count: 1,
        provisioningState: 'Succeeded',
      });
      expect(
        (await get(`${clusterPath('rg', 'c1')}/agentPools/manual?${API}`))
          .status,
      ).toBe(200);

      // The portal's PUT of its desired state is no longer a no-op: it starts an operation.
      expect(created.status).toBe(201);
      const again = await call(
        emulator.url,
        'PUT',
        `${clusterPath('rg', 'c1')}?${API}`,
        body,
      );
      expect(again.status).toBe(200);
      expect(again.headers.get('azure-asyncoperation')).not.toBeNull();
    });

    it('patches a pool by its own id, and answers 400 without an id and 404 for an unknown one', async () => {
      await createCluster();
      tick(1000);
      const poolId = `${clusterPath('rg', 'c1')}/agentPools/gpu`;
      const res = await admin(
        'PATCH',
        `/_emulator/resources?id=${encodeURIComponent(poolId)}`,
        { properties: { count: 2 } },
      );
      expect(res.status).toBe(200);
      expect((await get(`${poolId}?${API}`)).body.properties.count).toBe(2);
      expect(
        (await admin('PATCH', '/_emulator/resources', { tags: {} })).status,
      ).toBe(400);
      expect(
        (
          await admin(
            'PATCH',
            `/_emulator/resources?id=${encodeURIComponent(
              `${clusterPath('rg', 'nope')}`,
            )}`,
            { tags: {} },
          )
        ).status,
      ).toBe(404);
    });
  });

  describe('If-Match / If-None-Match', () => {
    it('answers 412 PreconditionFailed when the eTag does not match', async () => {
      const url = `${clusterPath('rg', 'c1')}?${API}`;
      await createCluster();
      tick(1000);
      const { eTag } = (await get(url)).body;

      const noneMatch = await call(emulator.url, 'PUT', url, body, {
        'If-None-Match': '*',
      });
      expect(noneMatch.status).toBe(412);
      expect(noneMatch.body.error.code).toBe('PreconditionFailed');

      const stale = await call(
        emulator.url,
        'PUT',
        url,
        { ...body, tags: { owner: 'b' } },
        { 'If-Match': '"not-the-etag"' },
      );
      expect(stale.status).toBe(412);
      expect(
        (
          await call(emulator.url, 'DELETE', url, undefined, {
            'If-Match': 'stale',
          })
        ).status,
      ).toBe(412);
      expect(
        (
          await call(
            emulator.url,
            'PATCH',
            url,
            { tags: { a: 'b' } },
            { 'If-Match': 'stale' },
          )
        ).status,
      ).toBe(412);

      const current = await call(
        emulator.url,
        'PUT',
        url,
        { ...body, tags: { owner: 'b' } },
        { 'If-Match': `"${eTag}"` },
      );
      expect(current.status).toBe(200);
      expect(current.body.eTag).not.toBe(eTag);

      const missing = await call(
        emulator.url,
        'PUT',
        `${clusterPath('rg', 'c2')}?${API}`,
        body,
        { 'If-Match': '*' },
      );
      expect(missing.status).toBe(412);
      const fresh = await call(
        emulator.url,
        'PUT',
        `${clusterPath('rg', 'c3')}?${API}`,
        body,
        { 'If-None-Match': '*' },
      );
      expect(fresh.status).toBe(201);

      const poolUrl = `${clusterPath('rg', 'c3')}/agentPools/system?${API}`;
      tick(1000);
      const pool = await call(
        emulator.url,
        'PUT',
        poolUrl,
        {
          properties: { vmSize: 'Standard_D4ds_v5', count: 3, mode: 'System' },
        },
        { 'If-Match': 'stale' },
      );
      expect(pool.status).toBe(412);
    });
  });

  describe('DELETE of a resource group', () => {
    it('answers 202 with a Location, shows Deleting, then removes the group and everything in it', async () => {
      const created = await createCluster();
      tick(1000);
      await call(
        emulator.url,
        'PUT',
        `${clusterPath('rg', 'c1')}/agentPools/extra?${API}`,
        { properties: { vmSize: 'Standard_D4s_v5', count: 1 } },
      );
      await admin('POST', '/_emulator/config', {
        operationDurationByType: { managedCluster: 5000 },
      });
      const second = await createCluster('rg', 'c2'); // still creating when the group is gone
      await call(emulator.url, 'PUT', `${rgPath('other')}?${RG_API}`, {
        location: 'westeurope',
      });
      await call(
        emulator.url,
        'PUT',
        `${clusterPath('other', 'keep')}?${API}`,
        body,
      );

      const del = await call(
        emulator.url,
        'DELETE',
        `${rgPath('rg')}?${RG_API}`,
      );
      expect(del.status).toBe(202);
      expect(del.headers.get('azure-asyncoperation')).toBeNull();
      const location = del.headers.get('location')!;
      expect(location).toMatch(
        new RegExp(
          `/subscriptions/${SUB}/operationresults/[A-Za-z0-9_-]+\\?${RG_API}$`,
        ),
      );
      const token = location.split('/operationresults/')[1].split('?')[0];
      expect(JSON.parse(Buffer.from(token, 'base64url').toString())).toEqual({
        jobId: 'RESOURCEGROUPDELETIONJOB-RG-WESTEUROPE',
        jobLocation: 'westeurope',
      });

      expect(
        (await get(`${rgPath('rg')}?${RG_API}`)).body.properties
          .provisioningState,
      ).toBe('Deleting');
      expect(
        (await call(emulator.url, 'HEAD', `${rgPath('rg')}?${RG_API}`)).status,
      ).toBe(204);
      expect(
        (await get(`${clusterPath('rg', 'c1')}?${API}`)).body.properties
          .provisioningState,
      ).toBe('Deleting');
      expect(
        (await get(`${clusterPath('rg', 'c1')}/agentPools/system?${API}`)).body
          .properties.provisioningState,
      ).toBe('Deleting');
      const refused = await call(
        emulator.url,
        'PUT',
        `${clusterPath('rg', 'c9')}?${API}`,
        body,
      );
      expect(refused.status).toBe(409);
      expect(refused.body.error).toEqual({
        code: 'ResourceGroupBeingDeleted',
        message:
          "The resource group 'rg' is in deprovisioning state and cannot perform this operation.",
      });
      expect(
        (
          await call(emulator.url, 'PUT', `${rgPath('rg')}?${RG_API}`, {
            location: 'westeurope',
          })
        ).status,
      ).toBe(409);
      // A second DELETE while it runs points at the same operation.
      expect(
        (
          await call(emulator.url, 'DELETE', `${rgPath('rg')}?${RG_API}`)
        ).headers.get('location'),
      ).toBe(location);

      const poll = relative(location);
      expect((await get(poll)).status).toBe(202);
      tick(1000);
      const done = await get(poll);
      expect(done.status).toBe(200);
      expect(done.body).toBeUndefined();

      expect((await get(`${rgPath('rg')}?${RG_API}`)).status).toBe(404);
      expect(
        (await get(`${clusterPath('rg', 'c1')}?${API}`)).body.error.code,
      ).toBe('ResourceGroupNotFound');
      const state = (await admin('GET', '/_emulator/state')).body;
      expect(state.resources.map((r: any) => r.name).sort()).toEqual([
        'gpu',
        'keep',
        'other',
        'system',
      ]);
      const secondOp = (
        await get(relative(second.headers.get('azure-asyncoperation')!))
      ).body;
      expect(secondOp).toMatchObject({
        status: 'Canceled',
        error: { code: 'Canceled' },
      });
      expect(created.status).toBe(201);

      // The name is free again.
      expect(
        (
          await call(emulator.url, 'PUT', `${rgPath('rg')}?${RG_API}`, {
            location: 'westeurope',
          })
        ).status,
      ).toBe(201);
    });
  });

  describe('stats', () => {
    it('counts resource reads, operation polls, writes by kind, managed-cluster PUTs, 429s and statuses', async () => {
      await admin('POST', '/_emulator/reset?what=stats');
      const created = await createCluster();
      await get(relative(created.headers.get('azure-asyncoperation')!));
      await get(relative(created.headers.get('azure-asyncoperation')!));
      tick(1000);
      await get(`${clusterPath('rg', 'c1')}?${API}`);
      await get(
        `/subscriptions/${SUB}/providers/Microsoft.ContainerService/managedClusters?${API}`,
      );
      await call(
        emulator.url,
        'PUT',
        `${clusterPath('rg', 'c1')}/agentPools/extra?${API}`,
        { properties: { vmSize: 'Standard_D4s_v5', count: 1 } },
      );
      tick(1000);
      await call(emulator.url, 'PATCH', `${clusterPath('rg', 'c1')}?${API}`, {
        tags: { a: 'b' },
      });
      const del = await call(
        emulator.url,
        'DELETE',
        `${clusterPath('rg', 'c1')}/agentPools/extra?${API}`,
      );
      await get(relative(del.headers.get('location')!));
      await call(emulator.url, 'PUT', `${rgPath('rg2')}?${RG_API}`, {
        location: 'westeurope',
      });
      await admin('POST', '/_emulator/config', {
        throttling: { reads: { capacity: 1, refillPerSecond: 0 } },
      });
      await get(`${rgPath('rg2')}?${RG_API}`);
      await get(`${rgPath('rg2')}?${RG_API}`);

      const { stats } = (await admin('GET', '/_emulator/state')).body;
      expect(stats).toMatchObject({
        reads: {
          resources: 4,
          operationPolls: 3,
          asyncOperation: 2,
          location: 1,
        },
        writesByKind: {
          resourceGroup: { PUT: 1, PATCH: 0, DELETE: 0 },
          managedCluster: { PUT: 1, PATCH: 1, DELETE: 0 },
          agentPool: { PUT: 1, PATCH: 0, DELETE: 1 },
        },
        managedClusterPuts: 1,
        writes: 5,
        throttled: 1,
        throttledByClass: { reads: 1 },
        requestsByMethod: { GET: 7, PUT: 3, PATCH: 1, DELETE: 1 },
        responsesByStatus: { 200: 6, 201: 3, 202: 2, 429: 1 },
        operationsStarted: 3,
      });
      expect(stats.handlingMs).toBeGreaterThan(0);
      expect((await admin('GET', '/_emulator/stats')).body).toEqual(stats);
    });

    it('resets only the stats with ?what=stats, everything without', async () => {
      await createCluster();
      expect(emulator.state.stats.managedClusterPuts).toBe(1);
      expect((await admin('POST', '/_emulator/reset?what=stats')).status).toBe(
        204,
      );
      expect(emulator.state.stats.managedClusterPuts).toBe(0);
      expect(emulator.state.stats.since).toBe(new Date(clock).toISOString());
      expect((await get(`${clusterPath('rg', 'c1')}?${API}`)).status).toBe(200);
      expect(
        (await admin('POST', '/_emulator/reset?what=everything')).status,
      ).toBe(400);
      expect((await admin('POST', '/_emulator/reset')).status).toBe(204);
      expect((await get(`${rgPath('rg')}?${RG_API}`)).status).toBe(404);
    });
  });
});
