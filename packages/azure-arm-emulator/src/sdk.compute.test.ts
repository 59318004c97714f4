import https from 'node:https';
import { ComputeManagementClient } from '@azure/arm-compute';
import { ContainerServiceClient } from '@azure/arm-containerservice';
import { ResourceManagementClient } from '@azure/arm-resources';
import { createEmulator, Emulator } from './index';
import { fakeCredential as credential, sdkOptions } from './__testUtils__/sdk';
import { emulatorAccessToken } from './auth/accessToken';

const SUB = '11111111-2222-3333-4444-555555555555';
const A100 = 'standardNCADSA100v4Family';

/** POSTs to the emulator's admin API over https, trusting its certificate. */
function admin(emulator: Emulator, path: string, body: unknown) {
  return new Promise<number>((resolve, reject) => {
    const req = https.request(
      `${emulator.url}${path}`,
      {
        method: 'POST',
        ca: emulator.caPem,
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
    req.end(JSON.stringify(body));
  });
}

/** GET with the SDK's own transport settings; the status and the parsed body. */
function get(emulator: Emulator, path: string) {
  return new Promise<{ status: number; body: any }>((resolve, reject) => {
    https
      .get(
        `${emulator.url}${path}`,
        {
          ca: emulator.caPem,
          headers: { Authorization: `Bearer ${emulatorAccessToken()}` },
        },
        res => {
          const chunks: Buffer[] = [];
          res.on('data', c => chunks.push(c));
          res.on('end', () =>
            resolve({
              status: res.statusCode ?? 0,
              body: JSON.parse(Buffer.concat(chunks).toString('utf8')),
            }),
          );
        },
      )
      .on('error', reject);
  });
}

async function all<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
}

/** Compute resource SKUs, Compute usages and AKS's Kubernetes versions, read with the official SDKs. */
describe('pre-flight reads through the official Azure SDKs', () => {
  let emulator: Emulator;
  let compute: ComputeManagementClient;
  let aks: ContainerServiceClient;
  let arm: ResourceManagementClient;

  beforeAll(async () => {
    emulator = await createEmulator({
      operationDurationMs: 50,
      retryAfterSeconds: 0,
      faultRetryAfterSeconds: 0,
      seed: 7,
    });
    const options = sdkOptions(emulator);
    compute = new ComputeManagementClient(credential, SUB, options);
    aks = new ContainerServiceClient(credential, SUB, options);
    arm = new ResourceManagementClient(credential, SUB, options);
  });
  afterAll(() => emulator?.close());
  beforeEach(async () => {
    const status = await admin(emulator, '/_emulator/config', {
      quotas: null,
      unavailableVmSizes: null,
      unavailableVmSizeZones: null,
      kubernetesVersions: null,
    });
    if (status !== 200)
      throw new Error(`resetting the emulator's config answered ${status}`);
  });

  it('lists the VM sizes of a region with their family, vCPUs and restrictions for the subscription', async () => {
    const skus = await all(
      compute.resourceSkus.list({ filter: "location eq 'southeastasia'" }),
    );
    const a100 = skus.find(s => s.name === 'Standard_NC24ads_A100_v4')!;
    expect(a100).toMatchObject({
      resourceType: 'virtualMachines',
      family: A100,
      locations: ['southeastasia'],
      restrictions: [],
    });
    expect(a100.capabilities).toContainEqual({ name: 'vCPUs', value: '24' });
    expect(new Set(skus.flatMap(s => s.locations))).toEqual(
      new Set(['southeastasia']),
    );

    // Restricted through the admin API: listed, with a Location restriction NotAvailableForSubscription.
    expect(
      await admin(emulator, '/_emulator/config', {
        unavailableVmSizes: { southeastasia: ['Standard_NC24ads_A100_v4'] },
      }),
    ).toBe(200);
    const after = await all(
      compute.resourceSkus.list({ filter: "location eq 'southeastasia'" }),
    );
    expect(
      after.find(s => s.name === 'Standard_NC24ads_A100_v4')!.restrictions,
    ).toEqual([
      {
        type: 'Location',
        values: ['southeastasia'],
        restrictionInfo: { locations: ['southeastasia'] },
        reasonCode: 'NotAvailableForSubscription',
      },
    ]);
    // Only there: the same size elsewhere is unrestricted.
    const elsewhere = await all(
      compute.resourceSkus.list({ filter: "location eq 'westeurope'" }),
    );
    expect(
      elsewhere.find(s => s.name === 'Standard_NC24ads_A100_v4')!.restrictions,
    ).toEqual([]);
    // And AKS refuses the restricted size as it always did.
    await arm.resourceGroups.createOrUpdate('rg-sea', {
      location: 'southeastasia',
    });
    await expect(
      aks.managedClusters.beginCreateOrUpdateAndWait('rg-sea', 'c1', {
        location: 'southeastasia',
        dnsPrefix: 'c1',
        agentPoolProfiles: [
          {
            name: 'gpu',
            mode: 'System',
            count: 1,
            vmSize: 'Standard_NC24ads_A100_v4',
          },
        ],
      }),
    ).rejects.toMatchObject({ statusCode: 400 });
  });

  it('lists a size barred from some zones with a Zone restriction naming them', async () => {
    expect(
      await admin(emulator, '/_emulator/config', {
        unavailableVmSizeZones: {
          eastus: { Standard_D4s_v5: ['3', '1'] },
        },
      }),
    ).toBe(200);
    const skus = await all(
      compute.resourceSkus.list({ filter: "location eq 'eastus'" }),
    );
    expect(skus.find(s => s.name === 'Standard_D4s_v5')!.restrictions).toEqual([
      {
        type: 'Zone',
        values: ['eastus'],
        restrictionInfo: { locations: ['eastus'], zones: ['1', '3'] },
        reasonCode: 'NotAvailableForSubscription',
      },
    ]);
    expect(skus.find(s => s.name === 'Standard_D8s_v5')!.restrictions).toEqual(
      [],
    );
  });

  it('refuses a filter other than location, and an api-version Compute does not serve', async () => {
    await expect(
      all(compute.resourceSkus.list({ filter: "name eq 'Standard_D4s_v5'" })),
    ).rejects.toMatchObject({ statusCode: 400, code: 'InvalidParameter' });
    const unknownRegion = await all(
      compute.resourceSkus.list({ filter: "location eq 'atlantis'" }),
    );
    expect(unknownRegion).toEqual([]);
    const old = await get(
      emulator,
      `/subscriptions/${SUB}/providers/Microsoft.Compute/skus?api-version=2016-01-01`,
    );
    expect(old.status).toBe(400);
    expect(old.body.error.code).toBe('NoRegisteredProviderFound');
    expect(old.body.error.message).toContain('2021-07-01');
  });

  it('reports usage per VM family and in total from the clusters already running, against limits set through the admin API', async () => {
    expect(
      await admin(emulator, '/_emulator/config', {
        quotas: { centralindia: { [A100]: 96, cores: 200 } },
      }),
    ).toBe(200);
    await arm.resourceGroups.createOrUpdate('rg-ci', {
      location: 'centralindia',
    });
    await aks.managedClusters.beginCreateOrUpdateAndWait(
      'rg-ci',
      'running',
      {
        location: 'centralindia',
        dnsPrefix: 'running',
        agentPoolProfiles: [
          {
            name: 'system',
            mode: 'System',
            count: 2,
            vmSize: 'Standard_D8ds_v5',
          },
          {
            name: 'gpu',
            mode: 'User',
            count: 3,
            vmSize: 'Standard_NC24ads_A100_v4',
          },
        ],
      },
      { updateIntervalInMs: 20 },
    );
    const usages = await all(compute.usage.list('centralindia'));
    expect(usages[0]).toEqual({
      unit: 'Count',
      currentValue: 2 * 8 + 3 * 24,
      limit: 200,
      name: { value: 'cores', localizedValue: 'Total Regional vCPUs' },
    });
    expect(usages.find(u => u.name.value === A100)).toMatchObject({
      currentValue: 72,
      limit: 96,
    });
    expect(
      usages.find(u => u.name.value === 'standardDDSv5Family'),
    ).toMatchObject({ currentValue: 16, limit: 10000 });
    // Another region has none of it.
    const other = await all(compute.usage.list('westeurope'));
    expect(other.find(u => u.name.value === A100)).toMatchObject({
      currentValue: 0,
      limit: 10000,
    });
    await aks.managedClusters.beginDeleteAndWait('rg-ci', 'running', {
      updateIntervalInMs: 20,
    });
    const freed = await all(compute.usage.list('centralindia'));
    expect(freed[0].currentValue).toBe(0);
  });

  it('refuses usages and Kubernetes versions of a location Azure does not serve', async () => {
    await expect(all(compute.usage.list('atlantis'))).rejects.toMatchObject({
      statusCode: 400,
      code: 'NoRegisteredProviderFound',
    });
    await expect(
      aks.managedClusters.listKubernetesVersions('atlantis'),
    ).rejects.toMatchObject({
      statusCode: 400,
      code: 'NoRegisteredProviderFound',
    });
    const badVersion = await get(
      emulator,
      `/subscriptions/${SUB}/providers/Microsoft.Compute/locations/westeurope/usages?api-version=2099-01-01`,
    );
    expect(badVersion.status).toBe(400);
    expect(badVersion.body.error.code).toBe('NoRegisteredProviderFound');
  });

  it('lists the Kubernetes versions a region offers, as set through the admin API', async () => {
    const everywhere = await aks.managedClusters.listKubernetesVersions(
      'southeastasia',
    );
    expect(everywhere.values?.map(v => v.version)).toContain('1.33');
    expect(
      await admin(emulator, '/_emulator/config', {
        kubernetesVersions: { southeastasia: ['1.32'] },
      }),
    ).toBe(200);
    const limited = await aks.managedClusters.listKubernetesVersions(
      'southeastasia',
    );
    expect(limited.values?.map(v => v.version)).toEqual(['1.32']);
  });
});
