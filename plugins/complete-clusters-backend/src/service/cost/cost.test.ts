import fs from 'node:fs';
import path from 'node:path';
import request from 'supertest';
import type { Emulator } from '@complete-clusters/azure-arm-emulator';
import { RETAIL_PRICES_FIXTURE } from '@complete-clusters/azure-arm-emulator';
import type {
  CostEstimate,
  PreflightResult,
} from '@complete-clusters/plugin-complete-clusters-common';
import { startTrustedEmulator } from '../../__testUtils__/emulator';
import {
  copyExampleTemplates,
  startCompleteClustersBackend,
} from '../../__testUtils__/testBackend';
import { until } from '../../__testUtils__/until';

jest.setTimeout(120_000);

const linux = RETAIL_PRICES_FIXTURE.vmSizes;
const month = (hourly: number, nodes: number) =>
  Math.round(hourly * nodes * 730 * 100) / 100;
const total = (...parts: number[]) =>
  Math.round(parts.reduce((a, b) => a + b, 0) * 100) / 100;

/** A fourth template, in a region where Azure lists no A100 price. */
const SOUTH_INDIA_GPU = `
---
apiVersion: complete-clusters.io/v1alpha1
kind: ClusterTemplate
metadata:
  name: southindia-gpu
  title: South India GPU
spec:
  owner: group:default/platform-team
  version: 1.0.0
  environment: testing
  approval: { required: false }
  drift: { mode: report }
  infrastructure:
    location: southindia
    kubernetesVersion: '1.33'
    networkPolicy: azure
    nodePools:
      - { name: system, mode: System, vmSize: Standard_D4ds_v5, count: 2 }
      - { name: gpu, mode: User, vmSize: Standard_NC24ads_A100_v4, autoscale: { min: 0, max: 2 } }
  applications: []
  policies:
    podSecurity: baseline
    networkDefault: allow
    access:
      locked: false
      roleBindings:
        - name: requester-admin
          subjects:
            - kind: requester
          permissions: [admin]
          scope: { cluster: true }
`;

describe('the cost of a complete cluster (prices from the emulator)', () => {
  let emulator: Emulator;
  let portal: Awaited<ReturnType<typeof startCompleteClustersBackend>>;
  let templatesDir: string;
  const alice = () => portal.asUser('user:default/alice');
  const cost = (name: string, as = alice()) =>
    request(portal.backend.server)
      .get(`/api/complete-clusters/templates/default/${name}/cost`)
      .set('Authorization', as);

  beforeAll(async () => {
    emulator = await startTrustedEmulator({ operationDurationMs: 100 });
    templatesDir = copyExampleTemplates();
    fs.appendFileSync(path.join(templatesDir, 'testing.yaml'), SOUTH_INDIA_GPU);
    portal = await startCompleteClustersBackend({
      emulator,
      templatesDir,
      config: { prices: { endpoint: emulator.url } },
    });
  });
  afterAll(async () => {
    await portal?.stop();
    await emulator?.close();
    fs.rmSync(templatesDir, { recursive: true, force: true });
  });

  it('prices the developer template: 2 D4ds_v5 nodes, and 0 to 2 A100 nodes at the worst case', async () => {
    const res = await cost('developer');
    expect(res.status).toBe(200);
    const d4 = linux.Standard_D4ds_v5.linux.southeastasia;
    const a100 = linux.Standard_NC24ads_A100_v4.linux.southeastasia;
    const body: CostEstimate = res.body;
    expect(body).toMatchObject({
      templateRef: 'clustertemplate:default/developer',
      currency: 'USD',
      hoursPerMonth: 730,
      location: 'southeastasia',
      tier: { name: 'Free', monthly: 0 },
      minimumMonthly: month(d4, 2),
      worstCaseMonthly: total(month(d4, 2), month(a100, 2)),
      missing: [],
      stale: false,
    });
    expect(body.pools).toEqual([
      expect.objectContaining({
        name: 'system',
        minNodes: 2,
        maxNodes: 2,
        hourlyPrice: d4,
      }),
      expect.objectContaining({
        name: 'gpu',
        minNodes: 0,
        maxNodes: 2,
        hourlyPrice: a100,
        minimumMonthly: 0,
        worstCaseMonthly: month(a100, 2),
      }),
    ]);
    expect(Date.now() - Date.parse(body.pricedAt!)).toBeLessThan(60_000);
  });

  it('prices the production template at 3 to 6 system nodes and 0 to 25 A100 nodes', async () => {
    const res = await cost('production');
    const d8 = linux.Standard_D8ds_v5.linux.centralindia;
    const a100 = linux.Standard_NC24ads_A100_v4.linux.centralindia;
    expect(res.body.minimumMonthly).toBe(month(d8, 3));
    expect(res.body.worstCaseMonthly).toBe(
      total(month(d8, 6), month(a100, 25)),
    );
    expect(res.body.worstCaseMonthly).toBeGreaterThan(res.body.minimumMonthly);
  });

  it('prices the testing template, fixed counts: minimum and worst case the same', async () => {
    const res = await cost('testing');
    const expected = total(
      month(linux.Standard_D4ds_v5.linux.centralindia, 3),
      month(linux.Standard_NC8as_T4_v3.linux.centralindia, 2),
    );
    expect(res.body).toMatchObject({
      minimumMonthly: expected,
      worstCaseMonthly: expected,
    });
    // Its logging add-on is named with why it is left out of the totals, never counted as 0.
    expect(res.body.addons).toEqual([
      {
        name: 'logging',
        addon: 'container-insights',
        monthly: null,
        note: expect.stringMatching(
          /^Not priced: Azure bills Container Insights by the GB of logs ingested/,
        ),
      },
    ]);
  });

  it('reports a VM size Azure does not price in the region as missing, never as 0', async () => {
    await until('the fourth template in the catalog', async () =>
      (await cost('southindia-gpu')).status === 200 ? true : undefined,
    );
    const res = await cost('southindia-gpu');
    expect(res.body.minimumMonthly).toBeNull();
    expect(res.body.worstCaseMonthly).toBeNull();
    expect(res.body.pools[1]).toMatchObject({
      name: 'gpu',
      hourlyPrice: null,
      worstCaseMonthly: null,
    });
    expect(res.body.missing[0]).toMatch(
      /no Linux pay-as-you-go price in USD for Standard_NC24ads_A100_v4 in southindia/,
    );
  });

  it('answers 404 for a template that is not in the catalog', async () => {
    const res = await cost('nope');
    expect(res.status).toBe(404);
    expect(res.body.error.message).toMatch(
      /No ClusterTemplate clustertemplate:default\/nope/,
    );
  });

  it("puts the request's cost, with its answers, beside the pre-flight checks", async () => {
    const res = await request(portal.backend.server)
      .post('/api/complete-clusters/preflight')
      .set('Authorization', alice())
      .send({
        templateRef: 'clustertemplate:default/developer',
        name: 'cost-pf',
        parameters: { gpuMaxNodes: 4 },
      });
    expect(res.status).toBe(200);
    const result: PreflightResult = res.body;
    const d4 = linux.Standard_D4ds_v5.linux.southeastasia;
    const a100 = linux.Standard_NC24ads_A100_v4.linux.southeastasia;
    expect(result.cost).toMatchObject({
      minimumMonthly: month(d4, 2),
      worstCaseMonthly: total(month(d4, 2), month(a100, 4)),
    });
  });
});
