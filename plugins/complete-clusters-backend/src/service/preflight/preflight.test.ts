import fs from 'node:fs';
import https from 'node:https';
import path from 'node:path';
import request from 'supertest';
import type { Emulator } from '@complete-clusters/azure-arm-emulator';
import { emulatorAccessToken } from '@complete-clusters/azure-arm-emulator';
import type { PreflightResult } from '@complete-clusters/plugin-complete-clusters-common';
import { createAzureClients } from '../../azure/createAzureClients';
import {
  emulatorSettings,
  startTrustedEmulator,
} from '../../__testUtils__/emulator';
import { startCompleteClustersBackend } from '../../__testUtils__/testBackend';
import { until } from '../../__testUtils__/until';

jest.setTimeout(120_000);

const A100 = 'standardNCADSA100v4Family';

/** The emulator's admin API, over https as a test harness reaches it. */
function configure(emulator: Emulator, patch: unknown) {
  return new Promise<number>((resolve, reject) => {
    const req = https.request(
      `${emulator.url}/_emulator/config`,
      {
        method: 'POST',
        headers: {
          'Content-Type': 'application/json',
          Authorization: `Bearer ${emulatorAccessToken()}`,
        },
      },
      res => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      },
    );
    req.on('error', reject);
    req.end(JSON.stringify(patch));
  });
}

const developer = (name: string, parameters: Record<string, unknown> = {}) => ({
  templateRef: 'clustertemplate:default/developer',
  name,
  parameters,
});

describe('pre-flight checks against Azure (the emulator, through the official SDKs)', () => {
  let emulator: Emulator;
  let portal: Awaited<ReturnType<typeof startCompleteClustersBackend>>;
  const alice = () => portal.asUser('user:default/alice');
  const bob = () => portal.asUser('user:default/bob');
  const paula = () => portal.asUser('user:default/paula');

  async function preflight(body: unknown, as = alice()) {
    return request(portal.backend.server)
      .post('/api/complete-clusters/preflight')
      .set('Authorization', as)
      .send(body as object);
  }
  const check = (result: PreflightResult, id: string) =>
    result.checks.find(c => c.id === id)!;

  beforeAll(async () => {
    emulator = await startTrustedEmulator({ operationDurationMs: 100 });
    portal = await startCompleteClustersBackend({
      emulator,
      memberships: { 'user:default/paula': ['group:default/platform-team'] },
    });
    // A cluster made outside the portal in the developer template's region: it uses 1 A100 node (24 vCPUs)
    // and 2 D4ds_v5 nodes (8 vCPUs), and holds the name pf-outside in resource group rg-pf-outside.
    const azure = createAzureClients(emulatorSettings(emulator));
    await azure.resources.resourceGroups.createOrUpdate('rg-pf-outside', {
      location: 'southeastasia',
    });
    await azure.containerService.managedClusters.beginCreateOrUpdateAndWait(
      'rg-pf-outside',
      'pf-outside',
      {
        location: 'southeastasia',
        dnsPrefix: 'pf-outside',
        agentPoolProfiles: [
          {
            name: 'system',
            mode: 'System',
            count: 2,
            vmSize: 'Standard_D4ds_v5',
          },
          {
            name: 'gpu',
            mode: 'User',
            count: 1,
            vmSize: 'Standard_NC24ads_A100_v4',
          },
        ],
      },
      { updateIntervalInMs: 20 },
    );
  });
  afterAll(async () => {
    await portal?.stop();
    await emulator?.close();
  });
  beforeEach(async () => {
    const status = await configure(emulator, {
      quotas: null,
      unavailableVmSizes: null,
      unavailableVmSizeZones: null,
      kubernetesVersions: null,
      managedClusterQuota: null,
    });
    if (status !== 200)
      throw new Error(`resetting the emulator's config answered ${status}`);
  });

  it('passes every check for the developer template with its defaults, in five ARM reads', async () => {
    const res = await preflight(developer('pf-fine'));
    expect(res.status).toBe(200);
    const result: PreflightResult = res.body;
    expect(result.checks.map(c => [c.id, c.status])).toEqual([
      ['vm-size:system', 'pass'],
      ['vm-size:gpu', 'pass'],
      ['quota:standardDDSv5Family', 'pass'],
      [`quota:${A100}`, 'pass'],
      ['quota:cores', 'pass'],
      ['kubernetes-version', 'pass'],
      ['quota:managed-clusters', 'pass'],
      ['name', 'pass'],
    ]);
    expect(result.ok).toBe(true);
    expect(result.location).toBe('southeastasia');
    expect(result.armReads).toBe(5);
    // pf-outside, and what the engine has made so far for the tests before.
    expect(check(result, 'quota:managed-clusters').detail).toMatch(
      /^\d+ of 5,000 managed clusters in southeastasia \(subscription [0-9a-f-]+\); this cluster makes \d+\.$/,
    );
    expect(check(result, `quota:${A100}`).detail).toBe(
      `${A100}: 48 vCPUs needed at 2 nodes of Standard_NC24ads_A100_v4 (pool gpu at its maximum), 9976 free of 10000 (24 in use).`,
    );
  });

  it('fails the A100 quota at the worst case, with the figures and the largest maximum that fits, and passes once it is lowered', async () => {
    expect(
      await configure(emulator, {
        quotas: { southeastasia: { [A100]: 72, cores: 1000 } },
      }),
    ).toBe(200);
    const res = await preflight(developer('pf-quota', { gpuMaxNodes: 4 }));
    expect(res.status).toBe(200);
    const result: PreflightResult = res.body;
    expect(result.ok).toBe(false);
    const quota = check(result, `quota:${A100}`);
    expect(quota).toMatchObject({
      status: 'fail',
      detail: `${A100}: 96 vCPUs needed at 4 nodes of Standard_NC24ads_A100_v4 (pool gpu at its maximum), 48 free of 72 (24 in use).`,
    });
    expect(quota.fix).toContain(
      'Set "Most GPU nodes" (gpuMaxNodes) to at most 2 (48 vCPUs)',
    );
    expect(quota.fix).toContain('QuotaMenuBlade');
    expect(check(result, 'quota:cores').status).toBe('pass');

    const lowered = await preflight(developer('pf-quota', { gpuMaxNodes: 2 }));
    expect(lowered.body.ok).toBe(true);
    expect(check(lowered.body, `quota:${A100}`).status).toBe('pass');
  });

  it('fails the total regional vCPU quota on its own', async () => {
    expect(
      await configure(emulator, { quotas: { southeastasia: { cores: 70 } } }),
    ).toBe(200);
    const result: PreflightResult = (await preflight(developer('pf-cores')))
      .body;
    expect(check(result, 'quota:cores')).toMatchObject({
      status: 'fail',
      detail:
        'Total regional vCPUs: 56 needed with every pool at its maximum, 38 free of 70 (32 in use).',
    });
    expect(check(result, `quota:${A100}`).status).toBe('pass');
    expect(check(result, 'quota:cores').fix).toContain(
      'Set "Most GPU nodes" (gpuMaxNodes) to at most 1 (24 vCPUs)',
    );
  });

  it('fails a VM size the subscription may not use in the region', async () => {
    expect(
      await configure(emulator, {
        unavailableVmSizes: { southeastasia: ['Standard_NC24ads_A100_v4'] },
        unavailableVmSizeZones: { southeastasia: { Standard_D4ds_v5: ['2'] } },
      }),
    ).toBe(200);
    const result: PreflightResult = (await preflight(developer('pf-sku'))).body;
    expect(result.ok).toBe(false);
    expect(check(result, 'vm-size:gpu')).toMatchObject({
      status: 'fail',
      detail:
        'Standard_NC24ads_A100_v4 is restricted in southeastasia for this subscription (NotAvailableForSubscription).',
    });
    // A zone restriction does not fail a template that names no zones; the detail says so.
    expect(check(result, 'vm-size:system')).toMatchObject({
      status: 'pass',
      detail: expect.stringContaining(
        '(restricted in zones 2; the template names no zones)',
      ),
    });
  });

  it('fails a Kubernetes version the region does not offer, naming the one the consumer may choose', async () => {
    expect(
      await configure(emulator, {
        kubernetesVersions: { southeastasia: ['1.32', '1.34'] },
      }),
    ).toBe(200);
    const result: PreflightResult = (await preflight(developer('pf-k8s'))).body;
    expect(check(result, 'kubernetes-version')).toMatchObject({
      status: 'fail',
      detail:
        'Kubernetes 1.33 is not offered in southeastasia; offered: 1.32, 1.34.',
      fix: 'Choose "Kubernetes version" (kubernetesVersion): 1.32.',
    });
    const chosen: PreflightResult = (
      await preflight(developer('pf-k8s', { kubernetesVersion: '1.32' }))
    ).body;
    expect(check(chosen, 'kubernetes-version').status).toBe('pass');
    expect(chosen.ok).toBe(true);
  });

  it('fails a name taken in Azure outside the portal, or by another user in the portal', async () => {
    const outside: PreflightResult = (await preflight(developer('pf-outside')))
      .body;
    expect(check(outside, 'name')).toMatchObject({
      status: 'fail',
      detail: expect.stringContaining(
        'A managed cluster pf-outside already exists in Azure in resource group rg-pf-outside',
      ),
    });

    const made = await request(portal.backend.server)
      .post('/api/complete-clusters/clusters')
      .set('Authorization', alice())
      .send(developer('pf-alices'));
    expect(made.status).toBe(201);
    const taken: PreflightResult = (
      await preflight(developer('pf-alices'), bob())
    ).body;
    expect(check(taken, 'name')).toMatchObject({
      status: 'fail',
      detail:
        'The cluster name pf-alices is already used by user:default/alice in the portal.',
    });
  });

  it('validates the body as a request does', async () => {
    const body = { templateRef: 'clustertemplate:default/developer' };
    const asPreflight = await preflight(body);
    const asRequest = await request(portal.backend.server)
      .post('/api/complete-clusters/clusters')
      .set('Authorization', alice())
      .send(body);
    expect(asPreflight.status).toBe(400);
    expect(asPreflight.body.error).toEqual(asRequest.body.error);
    const locked = await preflight(developer('pf-locked', { gpuMaxNodes: 9 }));
    expect(locked.status).toBe(400);
    expect(locked.body.error.message).toContain('gpuMaxNodes');
  });

  it('refuses a request on receipt when a check fails, naming it with its figures, and records and creates nothing', async () => {
    expect(
      await configure(emulator, {
        quotas: { southeastasia: { [A100]: 72 } },
      }),
    ).toBe(200);
    const refused = await request(portal.backend.server)
      .post('/api/complete-clusters/clusters')
      .set('Authorization', alice())
      .send(developer('pf-refused', { gpuMaxNodes: 4 }));
    expect(refused.status).toBe(409);
    expect(refused.body.error.code).toBe('PreflightFailed');
    expect(refused.body.error.message).toContain(
      `${A100}: 96 vCPUs needed at 4 nodes of Standard_NC24ads_A100_v4 (pool gpu at its maximum), 48 free of 72 (24 in use).`,
    );
    // The fix: the other regions the template offers where every pool fits, or fewer GPU nodes.
    expect(refused.body.error.message).toContain(
      'Fix: Choose "Region" (region): centralindia or japaneast, where every pool fits. Set "Most GPU nodes" (gpuMaxNodes) to at most 2',
    );
    const notRecorded = await request(portal.backend.server)
      .get('/api/complete-clusters/clusters/pf-refused')
      .set('Authorization', alice());
    expect(notRecorded.status).toBe(404);
    const azure = createAzureClients(emulatorSettings(emulator));
    await expect(
      azure.resources.resourceGroups.checkExistence('rg-pf-refused'),
    ).resolves.toMatchObject({ body: false });

    const accepted = await request(portal.backend.server)
      .post('/api/complete-clusters/clusters')
      .set('Authorization', alice())
      .send(developer('pf-refused', { gpuMaxNodes: 2 }));
    expect(accepted.status).toBe(201);
    // Asking again for one's own cluster is the same request: answered, not checked again.
    const again = await request(portal.backend.server)
      .post('/api/complete-clusters/clusters')
      .set('Authorization', alice())
      .send(developer('pf-refused', { gpuMaxNodes: 2 }));
    expect(again.status).toBe(200);
  });

  it('fails the production template where the A100 quota covers 2 nodes but not 25, with the figures and the quota link', async () => {
    expect(
      await configure(emulator, { quotas: { centralindia: { [A100]: 48 } } }),
    ).toBe(200);
    const res = await preflight({
      templateRef: 'clustertemplate:default/production',
      name: 'pf-prod',
      parameters: {},
    });
    const result: PreflightResult = res.body;
    expect(result.ok).toBe(false);
    expect(check(result, `quota:${A100}`)).toMatchObject({
      status: 'fail',
      detail: `${A100}: 600 vCPUs needed at 25 nodes of Standard_NC24ads_A100_v4 (pool gpu at its maximum), 48 free of 48 (0 in use).`,
    });
    // The template lets the consumer change nothing: the fix is more quota.
    expect(check(result, `quota:${A100}`).fix).toMatch(
      /^Or ask for more standardNCADSA100v4Family quota in centralindia: https:\/\/portal\.azure\.com/,
    );
    expect(check(result, 'quota:standardDDSv5Family').detail).toBe(
      'standardDDSv5Family: 48 vCPUs needed at 6 nodes of Standard_D8ds_v5 (pool system at its maximum), 10000 free of 10000 (0 in use).',
    );
  });

  it('shows the approver the checks of a waiting request, run again on each read', async () => {
    const asked = await request(portal.backend.server)
      .post('/api/complete-clusters/clusters')
      .set('Authorization', alice())
      .send({
        templateRef: 'clustertemplate:default/production',
        name: 'pf-waiting',
        parameters: {},
      });
    expect(asked.status).toBe(201);
    expect(asked.body.cluster.phase).toBe('AwaitingApproval');

    const approvals = async () =>
      (
        await request(portal.backend.server)
          .get('/api/complete-clusters/approvals')
          .set('Authorization', paula())
      ).body.items.find((c: any) => c.name === 'pf-waiting');
    const before = await approvals();
    expect(before.preflight.ok).toBe(true);
    expect(
      before.preflight.checks.find((c: any) => c.id === 'name').status,
    ).toBe('pass');

    // Azure changes while the request waits: the cluster's page asks Azure again at once ...
    expect(
      await configure(emulator, { quotas: { centralindia: { [A100]: 48 } } }),
    ).toBe(200);
    const details = await request(portal.backend.server)
      .get('/api/complete-clusters/clusters/pf-waiting')
      .set('Authorization', paula());
    expect(details.body.preflight.ok).toBe(false);
    expect(
      details.body.preflight.checks.find((c: any) => c.id === `quota:${A100}`)
        .detail,
    ).toContain('600 vCPUs needed at 25 nodes');
    // ... and the polled list shows the same from then on.
    const after = await approvals();
    expect(after.preflight.ok).toBe(false);
    expect(after.preflight.checkedAt).toBe(details.body.preflight.checkedAt);
  });

  it("fails the region's managed-cluster quota with the figures, as Azure refuses the cluster itself", async () => {
    // The subscription's only managed cluster in centralindia, made outside the portal.
    const azure = createAzureClients(emulatorSettings(emulator));
    await azure.resources.resourceGroups.createOrUpdate('rg-pf-count', {
      location: 'centralindia',
    });
    const body = {
      location: 'centralindia',
      dnsPrefix: 'pf-count',
      agentPoolProfiles: [
        {
          name: 'system',
          mode: 'System' as const,
          count: 1,
          vmSize: 'Standard_D4ds_v5',
        },
      ],
    };
    await azure.containerService.managedClusters.beginCreateOrUpdateAndWait(
      'rg-pf-count',
      'pf-count',
      body,
      { updateIntervalInMs: 20 },
    );
    const testing = (name: string) => ({
      templateRef: 'clustertemplate:default/testing',
      name,
      parameters: {},
    });
    // With the default limit the check passes.
    const fine: PreflightResult = (await preflight(testing('pf-count-ok')))
      .body;
    expect(check(fine, 'quota:managed-clusters')).toMatchObject({
      status: 'pass',
      detail: expect.stringMatching(
        /^1 of 5,000 managed clusters in centralindia \(subscription .*\); this cluster makes 2\.$/,
      ),
    });

    // Azure's quota for the region is 1 (the emulator), and the platform team has said so in the configuration.
    expect(
      await configure(emulator, { managedClusterQuota: { centralindia: 1 } }),
    ).toBe(200);
    const limited = await startCompleteClustersBackend({
      emulator,
      config: { preflight: { managedClustersPerRegion: 1 } },
    });
    try {
      const res = await request(limited.backend.server)
        .post('/api/complete-clusters/preflight')
        .set('Authorization', limited.asUser('user:default/alice'))
        .send(testing('pf-count-2'));
      expect(res.status).toBe(200);
      const result: PreflightResult = res.body;
      expect(result.ok).toBe(false);
      const quota = check(result, 'quota:managed-clusters');
      expect(quota).toMatchObject({
        status: 'fail',
        title: 'Managed-cluster quota in centralindia',
        detail: expect.stringMatching(
          /^1 of 1 managed clusters in centralindia \(subscription .*\): none left for this one\.$/,
        ),
      });
      expect(quota.fix).toContain(
        'Delete clusters no longer needed in centralindia, or ask for more managed-cluster quota in centralindia',
      );
      const refused = await request(limited.backend.server)
        .post('/api/complete-clusters/clusters')
        .set('Authorization', limited.asUser('user:default/alice'))
        .send(testing('pf-count-2'));
      expect(refused.status).toBe(409);
      expect(refused.body.error.code).toBe('PreflightFailed');
      expect(refused.body.error.message).toContain(
        '1 of 1 managed clusters in centralindia',
      );
      // What the check foresees, Azure does: a new managed cluster there is refused.
      await expect(
        azure.containerService.managedClusters.beginCreateOrUpdateAndWait(
          'rg-pf-count',
          'pf-count-2',
          { ...body, dnsPrefix: 'pf-count-2' },
          { updateIntervalInMs: 20 },
        ),
      ).rejects.toMatchObject({
        statusCode: 400,
        code: 'QuotaExceeded',
        message: expect.stringContaining(
          'Operation results in exceeding quota limits for managed clusters. Maximum allowed: 1, Current usage: 1, Additional requested: 1.',
        ),
      });
    } finally {
      await limited.stop();
      await configure(emulator, { managedClusterQuota: null });
    }
  });

  it('names the other regions the template allows where every pool fits', async () => {
    // The testing template, changed by its owner: the consumer may pick one of three regions.
    const file = path.join(portal.templatesDir, 'testing.yaml');
    fs.writeFileSync(
      file,
      fs
        .readFileSync(file, 'utf8')
        .replace('version: 1.0.0', 'version: 1.1.0')
        .replace(
          '  parameters:\n',
          [
            '  parameters:',
            '    - id: region',
            '      field: infrastructure.location',
            '      title: Region',
            '      type: string',
            "      enum: ['centralindia', 'southeastasia', 'westeurope']",
            '',
          ].join('\n'),
        ),
    );
    await request(portal.backend.server)
      .post('/api/catalog/refresh')
      .set('Authorization', alice())
      .send({ entityRef: 'clustertemplate:default/testing' });
    await until('testing at version 1.1.0', async () => {
      const res = await request(portal.backend.server)
        .get('/api/catalog/entities/by-name/clustertemplate/default/testing')
        .set('Authorization', alice());
      return res.body?.spec?.version === '1.1.0' ? true : undefined;
    });
    // No T4 quota in centralindia, and T4 not offered to the subscription in southeastasia.
    expect(
      await configure(emulator, {
        quotas: { centralindia: { 'Standard NCASv3_T4 Family': 0 } },
        unavailableVmSizes: { southeastasia: ['Standard_NC8as_T4_v3'] },
      }),
    ).toBe(200);
    const result: PreflightResult = (
      await preflight({
        templateRef: 'clustertemplate:default/testing',
        name: 'pf-region',
        parameters: {},
      })
    ).body;
    const quota = check(result, 'quota:Standard NCASv3_T4 Family');
    expect(quota).toMatchObject({
      status: 'fail',
      detail:
        'Standard NCASv3_T4 Family: 16 vCPUs needed at 2 nodes of Standard_NC8as_T4_v3 (pool gpu), 0 free of 0 (0 in use).',
    });
    expect(quota.fix).toMatch(
      /^Choose "Region" \(region\): westeurope, where every pool fits\./,
    );
    // Two more reads for each other region, made only because a check failed.
    expect(result.armReads).toBe(9);
    const moved: PreflightResult = (
      await preflight({
        templateRef: 'clustertemplate:default/testing',
        name: 'pf-region',
        parameters: { region: 'westeurope' },
      })
    ).body;
    expect(moved.ok).toBe(true);
    expect(moved.armReads).toBe(5);
  });

  it('marks checks it could not make unknown when Azure does not answer, and does not stop the request for them', async () => {
    expect(await configure(emulator, { faults: { throttleRate: 1 } })).toBe(
      200,
    );
    let result: PreflightResult;
    try {
      result = (await preflight(developer('pf-throttled'))).body;
    } finally {
      await configure(emulator, { faults: { throttleRate: 0 } });
    }
    expect(result.ok).toBe(true);
    expect(result.checks.map(c => [c.id, c.status])).toEqual([
      ['vm-sizes', 'unknown'],
      ['kubernetes-version', 'unknown'],
      ['quota:managed-clusters', 'unknown'],
      ['name', 'unknown'],
    ]);
    expect(result.checks[0].detail).toMatch(/^Azure did not answer: /);
  });
});
