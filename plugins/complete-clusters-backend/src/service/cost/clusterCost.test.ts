import request from 'supertest';
import type { Emulator } from '@complete-clusters/azure-arm-emulator';
import { RETAIL_PRICES_FIXTURE } from '@complete-clusters/azure-arm-emulator';
import type { ClusterCost } from '@complete-clusters/plugin-complete-clusters-common';
import { createAzureClients } from '../../azure/createAzureClients';
import {
  emulatorSettings,
  startTrustedEmulator,
} from '../../__testUtils__/emulator';
import { startCompleteClustersBackend } from '../../__testUtils__/testBackend';
import { until } from '../../__testUtils__/until';

jest.setTimeout(120_000);

const linux = RETAIL_PRICES_FIXTURE.vmSizes;
const month = (hourly: number, nodes: number) =>
  Math.round(hourly * nodes * 730 * 100) / 100;
const total = (...parts: number[]) =>
  Math.round(parts.reduce((a, b) => a + b, 0) * 100) / 100;

describe("a cluster's cost at the node counts Azure reports (GET /clusters/:name/cost)", () => {
  let emulator: Emulator;
  let portal: Awaited<ReturnType<typeof startCompleteClustersBackend>>;
  const alice = () => portal.asUser('user:default/alice');
  const get = (path: string) =>
    request(portal.backend.server)
      .get(`/api/complete-clusters${path}`)
      .set('Authorization', alice());

  beforeAll(async () => {
    emulator = await startTrustedEmulator({ operationDurationMs: 100 });
    portal = await startCompleteClustersBackend({ emulator });
  });
  afterAll(async () => {
    await portal?.stop();
    await emulator?.close();
  });

  it('prices a Ready cluster at the nodes each pool runs now, beside its minimum and worst case', async () => {
    const made = await request(portal.backend.server)
      .post('/api/complete-clusters/clusters')
      .set('Authorization', alice())
      .send({
        templateRef: 'clustertemplate:default/developer',
        name: 'cc-dev',
        parameters: {},
      });
    expect(made.status).toBe(201);
    await until(
      'cc-dev Ready',
      async () =>
        (await get('/clusters/cc-dev')).body.phase === 'Ready' || undefined,
      90_000,
    );
    // The GPU pool's autoscaler has added a node: Azure reports 1 where the template's minimum is 0.
    const azure = createAzureClients(emulatorSettings(emulator));
    const { resourceGroup } = (await get('/clusters/cc-dev')).body.azure;
    await azure.containerService.agentPools.beginCreateOrUpdateAndWait(
      resourceGroup,
      'cc-dev',
      'gpu',
      {
        ...(await azure.containerService.agentPools.get(
          resourceGroup,
          'cc-dev',
          'gpu',
        )),
        count: 1,
      },
      { updateIntervalInMs: 20 },
    );

    const res = await get('/clusters/cc-dev/cost');
    expect(res.status).toBe(200);
    const cost: ClusterCost = res.body;
    const system = month(linux.Standard_D4ds_v5.linux.southeastasia, 2);
    const gpuNode = month(
      linux.Standard_NC24ads_A100_v4.linux.southeastasia,
      1,
    );
    expect(cost.pools.map(p => [p.name, p.nodes, p.currentMonthly])).toEqual([
      ['system', 2, system],
      ['gpu', 1, gpuNode],
    ]);
    expect(cost).toMatchObject({
      name: 'cc-dev',
      currency: 'USD',
      location: 'southeastasia',
      currentMonthly: total(system, gpuNode),
      minimumMonthly: system,
      worstCaseMonthly: total(system, 2 * gpuNode),
      nodesReadAt: expect.any(String),
    });
    expect(cost.nodesUnavailable).toBeUndefined();
  });

  it('says why a cluster not yet in Azure has no current figure, and still gives its worst case', async () => {
    const made = await request(portal.backend.server)
      .post('/api/complete-clusters/clusters')
      .set('Authorization', alice())
      .send({
        templateRef: 'clustertemplate:default/production',
        name: 'cc-prod',
        parameters: {},
      });
    expect(made.status).toBe(201);
    const cost: ClusterCost = (await get('/clusters/cc-prod/cost')).body;
    expect(cost).toMatchObject({
      currentMonthly: null,
      nodesUnavailable:
        'The cluster is AwaitingApproval: it has no nodes in Azure yet.',
      worstCaseMonthly: total(
        month(linux.Standard_D8ds_v5.linux.centralindia, 6),
        month(linux.Standard_NC24ads_A100_v4.linux.centralindia, 25),
      ),
    });
    expect(cost.pools.every(p => p.nodes === undefined)).toBe(true);
  });

  it('answers 404 for a cluster there is none of', async () => {
    const missing = await get('/clusters/cc-none/cost');
    expect(missing.status).toBe(404);
    expect(missing.body.error.message).toBe(
      'There is no cluster named cc-none.',
    );
  });
});
