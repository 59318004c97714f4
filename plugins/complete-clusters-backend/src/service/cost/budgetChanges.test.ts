import fs from 'node:fs';
import request from 'supertest';
import type { Emulator } from '@complete-clusters/azure-arm-emulator';
import { RETAIL_PRICES_FIXTURE } from '@complete-clusters/azure-arm-emulator';
import {
  emulatorState,
  startTrustedEmulator,
} from '../../__testUtils__/emulator';
import {
  copyExampleTemplates,
  editCopiedTemplate as edit,
  startCompleteClustersBackend,
} from '../../__testUtils__/testBackend';
import { until } from '../../__testUtils__/until';

jest.setTimeout(240_000);

const { vmSizes } = RETAIL_PRICES_FIXTURE;
const month = (hourly: number, nodes: number) =>
  Math.round(hourly * nodes * 730 * 100) / 100;
const usd = (n: number) =>
  `${n.toLocaleString('en-US', {
    minimumFractionDigits: 2,
    maximumFractionDigits: 2,
  })} USD`;
/** The developer template's worst case: 2 system nodes and `gpu` A100 nodes in `region`. */
const developerWorst = (
  region: 'southeastasia' | 'centralindia' | 'japaneast',
  gpu: number,
) =>
  month(vmSizes.Standard_D4ds_v5.linux[region], 2) +
  month(vmSizes.Standard_NC24ads_A100_v4.linux[region], gpu);

/**
 * A scale or a rebuild changes what the worst case is priced on (a larger
 * maximum, another region's prices): each is checked against the template's
 * budget as a request is, before anything is recorded.
 */
describe('budgets (spec.budget) of scales and rebuilds over HTTP, priced from the emulator', () => {
  let emulator: Emulator;
  let portal: Awaited<ReturnType<typeof startCompleteClustersBackend>>;
  let templatesDir: string;
  const alice = () => portal.asUser('user:default/alice');
  const paula = () => portal.asUser('user:default/paula');
  const post = (url: string, body: object, as = alice()) =>
    request(portal.backend.server)
      .post(`/api/complete-clusters${url}`)
      .set('Authorization', as)
      .send(body);
  const getCluster = async (name: string) =>
    (
      await request(portal.backend.server)
        .get(`/api/complete-clusters/clusters/${name}?events=500`)
        .set('Authorization', alice())
    ).body;
  const ready = (name: string) =>
    until(`${name} Ready`, async () => {
      const c = await getCluster(name);
      if (c.phase === 'Failed')
        throw new Error(`${name} failed: ${JSON.stringify(c.events)}`);
      return c.phase === 'Ready' ? c : undefined;
    });
  /** What a refusal must leave as it was: the cluster's record and history, and Azure. */
  const snapshot = async (name: string) => {
    const c = await getCluster(name);
    return {
      id: c.id,
      phase: c.phase,
      parameters: c.parameters,
      activity: c.activity,
      azure: c.azure,
      events: c.events.length,
      resources: (await emulatorState(emulator)).resources
        .map((r: any) => `${r.type}/${r.name}@${r.location}`)
        .sort(),
    };
  };

  beforeAll(async () => {
    emulator = await startTrustedEmulator({ operationDurationMs: 100 });
    templatesDir = copyExampleTemplates();
    // Developer: 7,500 USD a month, refused over it; its three regions (the stock template's) have different prices.
    edit(
      templatesDir,
      'developer',
      '  approval:\n    required: false\n',
      '  approval:\n    required: false\n  budget: { monthly: 7500, currency: USD, overBudget: refuse }\n',
    );
    // Testing: 1,000 USD, over it the platform team approves a request.
    edit(
      templatesDir,
      'testing',
      '  approval:\n    required: false\n',
      '  approval:\n    required: false\n    approvers: group:default/platform-team\n  budget: { monthly: 1000, currency: USD, overBudget: approve }\n',
    );
    portal = await startCompleteClustersBackend({
      emulator,
      templatesDir,
      memberships: { 'user:default/paula': ['group:default/platform-team'] },
      config: { prices: { endpoint: emulator.url } },
    });
    await until('the budgets in the catalog', async () => {
      const res = await request(portal.backend.server)
        .get('/api/catalog/entities/by-name/clustertemplate/default/testing')
        .set('Authorization', alice());
      return res.body?.spec?.budget ? true : undefined;
    });
  }, 240_000);
  afterAll(async () => {
    await portal?.stop();
    await emulator?.close();
    fs.rmSync(templatesDir, { recursive: true, force: true });
  });

  it('scales within the budget, and refuses a scale over it with the figures, changing nothing', async () => {
    expect(developerWorst('southeastasia', 2)).toBeLessThan(7500);
    expect(developerWorst('southeastasia', 3)).toBeGreaterThan(7500);
    const requested = await post('/clusters', {
      templateRef: 'clustertemplate:default/developer',
      name: 'budget-scale',
      parameters: { gpuMaxNodes: 1, region: 'southeastasia' },
    });
    expect(requested.status).toBe(201);
    await ready('budget-scale');

    // 1 → 2 A100 nodes at most: 7,368.62 USD, within 7,500.
    const within = await post('/clusters/budget-scale/scale', {
      parameters: { gpuMaxNodes: 2 },
    });
    expect(within.status).toBe(200);
    expect(within.body.parameters.gpuMaxNodes).toBe(2);
    await ready('budget-scale');

    // 2 → 3: over the budget, refused as a request would be, and not sent for approval.
    const before = await snapshot('budget-scale');
    const over = await post('/clusters/budget-scale/scale', {
      parameters: { gpuMaxNodes: 3 },
    });
    expect(over.status).toBe(409);
    expect(over.body.error.code).toBe('OverBudget');
    const message: string = over.body.error.message;
    expect(message).toMatch(
      /^The scale of cluster budget-scale \(.*\) is refused: /,
    );
    expect(message).toContain(
      `its worst case costs ${usd(developerWorst('southeastasia', 3))} a month`,
    );
    expect(message).toContain('gpu: 3 × Standard_NC24ads_A100_v4');
    expect(message).toContain(
      "over the template's budget of 7,500.00 USD a month",
    );
    expect(message).toContain('There is no approval step for a scale');
    expect(message).toMatch(/a smaller maximum/);
    expect(message).toContain('group:default/platform-team');
    expect(await snapshot('budget-scale')).toEqual(before);
    expect(before.parameters.gpuMaxNodes).toBe(2);
    expect(before.phase).toBe('Ready');
  });

  it('refuses a rebuild where the prices put the worst case over the budget, changing nothing, and rebuilds where they do not', async () => {
    // The cluster scaled to 2 A100 nodes above: 7,368.62 USD in southeastasia.
    expect(developerWorst('japaneast', 2)).toBeGreaterThan(7500);
    expect(developerWorst('centralindia', 2)).toBeLessThan(7500);
    const before = await snapshot('budget-scale');
    const over = await post('/clusters/budget-scale/rebuild', {
      region: 'japaneast',
    });
    expect(over.status).toBe(409);
    expect(over.body.error.code).toBe('OverBudget');
    const message: string = over.body.error.message;
    expect(message).toMatch(
      /^The rebuild of budget-scale in japaneast is refused: /,
    );
    expect(message).toContain(
      `its worst case costs ${usd(developerWorst('japaneast', 2))} a month`,
    );
    expect(message).toContain(
      "over the template's budget of 7,500.00 USD a month",
    );
    expect(message).toContain('There is no approval step for a rebuild');
    expect(message).toContain('choose a region where it costs less');
    expect(await snapshot('budget-scale')).toEqual(before);

    const within = await post('/clusters/budget-scale/rebuild', {
      region: 'centralindia',
    });
    expect(within.status).toBe(202);
    expect(within.body.id).not.toBe(before.id);
    expect(within.body.azure.location).toBe('centralindia');
  });

  it('refuses a scale over an approving budget (a scale has no approval step), and lets through one that lowers the worst case of a cluster approved over budget', async () => {
    const t4 = vmSizes.Standard_NC8as_T4_v3.linux.centralindia;
    const system = month(vmSizes.Standard_D4ds_v5.linux.centralindia, 3);
    const requested = await post('/clusters', {
      templateRef: 'clustertemplate:default/testing',
      name: 'budget-approved',
      parameters: {},
    });
    expect(requested.status).toBe(201);
    expect(requested.body.cluster.phase).toBe('AwaitingApproval');
    const approved = await post(
      '/clusters/budget-approved/decision',
      { decision: 'approve', reason: 'the team has the money' },
      paula(),
    );
    expect(approved.status).toBe(200);
    await ready('budget-approved');

    // 2 → 3 T4 nodes: refused, though a request over this budget goes to the approvers.
    const before = await snapshot('budget-approved');
    const up = await post('/clusters/budget-approved/scale', {
      parameters: { gpuNodes: 3 },
    });
    expect(up.status).toBe(409);
    expect(up.body.error.code).toBe('OverBudget');
    expect(up.body.error.message).toContain(
      `its worst case costs ${usd(system + month(t4, 3))} a month`,
    );
    expect(up.body.error.message).toContain(
      'There is no approval step for a scale',
    );
    expect(await snapshot('budget-approved')).toEqual(before);

    // 2 → 1: still over 1,000 USD, but less than the approved worst case.
    expect(system + month(t4, 1)).toBeGreaterThan(1000);
    const down = await post('/clusters/budget-approved/scale', {
      parameters: { gpuNodes: 1 },
    });
    expect(down.status).toBe(200);
    expect(down.body.parameters.gpuNodes).toBe(1);
  });
});
