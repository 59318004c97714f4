import fs from 'node:fs';
import request from 'supertest';
import type { Emulator } from '@complete-clusters/azure-arm-emulator';
import { RETAIL_PRICES_FIXTURE } from '@complete-clusters/azure-arm-emulator';
import { startTrustedEmulator } from '../../__testUtils__/emulator';
import {
  copyExampleTemplates,
  editCopiedTemplate as edit,
  startCompleteClustersBackend,
} from '../../__testUtils__/testBackend';
import { until } from '../../__testUtils__/until';

jest.setTimeout(120_000);

const { vmSizes } = RETAIL_PRICES_FIXTURE;
const month = (hourly: number, nodes: number) =>
  Math.round(hourly * nodes * 730 * 100) / 100;

describe('budgets (spec.budget) over HTTP, priced from the emulator', () => {
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
  const getCluster = (name: string) =>
    request(portal.backend.server)
      .get(`/api/complete-clusters/clusters/${name}`)
      .set('Authorization', alice());

  beforeAll(async () => {
    emulator = await startTrustedEmulator({ operationDurationMs: 100 });
    templatesDir = copyExampleTemplates();
    // Developer: 5,000 USD a month, refused over it. Testing: 1,000 USD, over it the platform team approves.
    edit(
      templatesDir,
      'developer',
      '  approval:\n    required: false\n',
      '  approval:\n    required: false\n  budget: { monthly: 5000, currency: USD, overBudget: refuse }\n',
    );
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
  });
  afterAll(async () => {
    await portal?.stop();
    await emulator?.close();
    fs.rmSync(templatesDir, { recursive: true, force: true });
  });

  it('refuses a request whose worst case exceeds a refusing budget, with the figures, and records nothing', async () => {
    const d4 = vmSizes.Standard_D4ds_v5.linux.southeastasia;
    const a100 = vmSizes.Standard_NC24ads_A100_v4.linux.southeastasia;
    const worst = month(d4, 2) + month(a100, 2);
    expect(worst).toBeGreaterThan(5000);
    const res = await post('/clusters', {
      templateRef: 'clustertemplate:default/developer',
      name: 'budget-over',
      parameters: {},
    });
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe('OverBudget');
    expect(res.body.error.message).toContain(
      `its worst case costs ${worst.toLocaleString('en-US', {
        minimumFractionDigits: 2,
      })} USD a month`,
    );
    expect(res.body.error.message).toContain(
      "over the template's budget of 5,000.00 USD a month",
    );
    expect(res.body.error.message).toContain(
      'gpu: 2 × Standard_NC24ads_A100_v4',
    );
    expect(res.body.error.message).toMatch(/smaller autoscale maximum/);
    expect((await getCluster('budget-over')).status).toBe(404);
  });

  it('lets the same request through once a lower maximum brings the worst case within budget', async () => {
    const res = await post('/clusters', {
      templateRef: 'clustertemplate:default/developer',
      name: 'budget-within',
      parameters: { gpuMaxNodes: 1 },
    });
    expect(res.status).toBe(201);
    expect(res.body.cluster.phase).not.toBe('AwaitingApproval');
  });

  it('sends a request over an approving budget to the approvers, though the template needs no approval, and they approve it', async () => {
    const res = await post('/clusters', {
      templateRef: 'clustertemplate:default/testing',
      name: 'budget-approve',
      parameters: {},
    });
    expect(res.status).toBe(201);
    expect(res.body.cluster.phase).toBe('AwaitingApproval');
    // Asking again is the same request: no conflict, still waiting.
    const again = await post('/clusters', {
      templateRef: 'clustertemplate:default/testing',
      name: 'budget-approve',
      parameters: {},
    });
    expect(again.status).toBe(200);
    expect(again.body.cluster.phase).toBe('AwaitingApproval');
    const details = await getCluster('budget-approve');
    const messages: string[] = details.body.events.map(
      (e: { message: string }) => e.message,
    );
    expect(messages).toEqual(
      expect.arrayContaining([
        expect.stringMatching(
          /^Over budget: its worst case costs 1,825\.00 USD a month .*over the template's budget of 1,000\.00 USD a month; it needs approval by a member of group:default\/platform-team$/,
        ),
      ]),
    );
    // The approver sees the worst case next to the checks.
    const approvals = await request(portal.backend.server)
      .get('/api/complete-clusters/approvals')
      .set('Authorization', paula());
    const waiting = approvals.body.items.find(
      (c: { name: string }) => c.name === 'budget-approve',
    );
    expect(waiting.preflight.cost).toMatchObject({
      minimumMonthly: 1825,
      worstCaseMonthly: 1825,
      currency: 'USD',
    });
    const approved = await post(
      '/clusters/budget-approve/decision',
      { decision: 'approve', reason: 'the team has the money' },
      paula(),
    );
    expect(approved.status).toBe(200);
    expect((await getCluster('budget-approve')).body.phase).not.toBe(
      'AwaitingApproval',
    );
  });
});
