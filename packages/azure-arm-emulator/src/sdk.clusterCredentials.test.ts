import { X509Certificate } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ContainerServiceClient } from '@azure/arm-containerservice';
import type { ManagedCluster } from '@azure/arm-containerservice';
import { ResourceManagementClient } from '@azure/arm-resources';
import { createEmulator, Emulator } from './index';
import { fakeCredential as credential, sdkOptions } from './__testUtils__/sdk';

const SUB = '11111111-2222-3333-4444-555555555555';
const poll = { updateIntervalInMs: 20 };

/** As the portal builds clusters: Entra ID with Azure RBAC, no local accounts. */
const entraCluster: ManagedCluster = {
  location: 'westeurope',
  dnsPrefix: 'creds',
  agentPoolProfiles: [
    {
      name: 'system',
      mode: 'System',
      count: 1,
      vmSize: 'Standard_D4s_v5',
      osType: 'Linux',
    },
  ],
  aadProfile: { managed: true, enableAzureRbac: true },
  disableLocalAccounts: true,
};

/** A cluster with Kubernetes local accounts (AKS's default). */
const localAccountsCluster: ManagedCluster = {
  location: 'westeurope',
  dnsPrefix: 'local',
  agentPoolProfiles: [
    {
      name: 'system',
      mode: 'System',
      count: 1,
      vmSize: 'Standard_D4s_v5',
      osType: 'Linux',
    },
  ],
};

/** What a client reads from a kubeconfig: the cluster entry and the user entry's keys. */
function readKubeconfig(value: Uint8Array | undefined) {
  const text = Buffer.from(value!).toString('utf8');
  const caData = /certificate-authority-data: (\S+)/.exec(text)?.[1];
  return {
    text,
    server: /server: (\S+)/.exec(text)?.[1],
    ca: caData ? Buffer.from(caData, 'base64').toString('utf8') : undefined,
  };
}

describe('listClusterUserCredential and listClusterAdminCredential through the official SDK', () => {
  let emulator: Emulator;
  let aks: ContainerServiceClient;
  let arm: ResourceManagementClient;
  let dir: string;

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'creds-'));
    emulator = await createEmulator({
      operationDurationMs: 100,
      retryAfterSeconds: 0,
      stateFile: path.join(dir, 'state.json'),
    });
    const options = sdkOptions(emulator);
    aks = new ContainerServiceClient(credential, SUB, options);
    arm = new ResourceManagementClient(credential, SUB, options);
    await arm.resourceGroups.createOrUpdate('rg-creds', {
      location: 'westeurope',
    });
  });
  afterAll(async () => {
    await emulator?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('gives an Entra ID cluster a kubelogin kubeconfig for its own API server and CA, and no static credential', async () => {
    const cluster = await aks.managedClusters.createOrUpdate(
      'rg-creds',
      'entra1',
      entraCluster,
      poll,
    );

    const result = await aks.managedClusters.listClusterUserCredentials(
      'rg-creds',
      'entra1',
    );
    expect(result.kubeconfigs?.map(k => k.name)).toEqual(['clusterUser']);
    const config = readKubeconfig(result.kubeconfigs![0].value);
    expect(config.server).toBe(`https://${cluster.fqdn}:443`);
    const ca = new X509Certificate(config.ca!);
    expect(ca.ca).toBe(true);
    expect(ca.subject).toBe('CN=ca');
    expect(ca.verify(ca.publicKey)).toBe(true);
    expect(config.text).toContain('command: kubelogin');
    expect(config.text).toContain('user: clusterUser_rg-creds_entra1');
    expect(config.text).not.toMatch(/token:|client-key-data/);

    // The legacy azure auth-provider format, on request.
    const azureFormat = await aks.managedClusters.listClusterUserCredentials(
      'rg-creds',
      'entra1',
      { format: 'azure' },
    );
    const legacy = readKubeconfig(azureFormat.kubeconfigs![0].value);
    expect(legacy.text).toContain('name: azure');
    expect(legacy.ca).toBe(config.ca);

    // The same CA every time.
    const again = await aks.managedClusters.listClusterUserCredentials(
      'rg-creds',
      'entra1',
    );
    expect(readKubeconfig(again.kubeconfigs![0].value).ca).toBe(config.ca);

    // disableLocalAccounts: the admin credential is refused as AKS refuses it.
    await expect(
      aks.managedClusters.listClusterAdminCredentials('rg-creds', 'entra1'),
    ).rejects.toMatchObject({
      statusCode: 400,
      code: 'BadRequest',
      message:
        'Getting static credential is not allowed because this cluster is set to disable local accounts.',
    });
  });

  it('gives each cluster its own certificate authority, kept across an update', async () => {
    await aks.managedClusters.createOrUpdate(
      'rg-creds',
      'entra2',
      { ...entraCluster, dnsPrefix: 'creds2' },
      poll,
    );
    const first = readKubeconfig(
      (
        await aks.managedClusters.listClusterUserCredentials(
          'rg-creds',
          'entra1',
        )
      ).kubeconfigs![0].value,
    );
    const second = readKubeconfig(
      (
        await aks.managedClusters.listClusterUserCredentials(
          'rg-creds',
          'entra2',
        )
      ).kubeconfigs![0].value,
    );
    expect(second.ca).toMatch(/^-----BEGIN CERTIFICATE-----/);
    expect(second.ca).not.toBe(first.ca);
    expect(new X509Certificate(second.ca!).fingerprint256).not.toBe(
      new X509Certificate(first.ca!).fingerprint256,
    );
    expect(second.server).not.toBe(first.server);

    await aks.managedClusters.createOrUpdate(
      'rg-creds',
      'entra2',
      { ...entraCluster, dnsPrefix: 'creds2', tags: { updated: 'yes' } },
      poll,
    );
    const updated = readKubeconfig(
      (
        await aks.managedClusters.listClusterUserCredentials(
          'rg-creds',
          'entra2',
        )
      ).kubeconfigs![0].value,
    );
    expect(updated.ca).toBe(second.ca);
  });

  it('gives a cluster with local accounts static user and admin credentials', async () => {
    const cluster = await aks.managedClusters.createOrUpdate(
      'rg-creds',
      'local1',
      localAccountsCluster,
      poll,
    );
    const user = await aks.managedClusters.listClusterUserCredentials(
      'rg-creds',
      'local1',
    );
    const admin = await aks.managedClusters.listClusterAdminCredentials(
      'rg-creds',
      'local1',
    );
    expect(admin.kubeconfigs?.map(k => k.name)).toEqual(['clusterAdmin']);
    const userConfig = readKubeconfig(user.kubeconfigs![0].value);
    const adminConfig = readKubeconfig(admin.kubeconfigs![0].value);
    expect(adminConfig.server).toBe(`https://${cluster.fqdn}:443`);
    expect(adminConfig.ca).toBe(userConfig.ca);
    expect(adminConfig.text).toMatch(/token: [0-9a-f]{64}/);
    expect(adminConfig.text).toContain('user: clusterAdmin_rg-creds_local1');
  });

  it('answers 404 ResourceNotFound for a cluster that does not exist, and 400 for a bad format', async () => {
    await expect(
      aks.managedClusters.listClusterUserCredentials('rg-creds', 'nobody'),
    ).rejects.toMatchObject({
      statusCode: 404,
      code: 'ResourceNotFound',
    });
    await expect(
      aks.managedClusters.listClusterAdminCredentials('rg-creds', 'nobody'),
    ).rejects.toMatchObject({
      statusCode: 404,
      code: 'ResourceNotFound',
    });
    await expect(
      aks.managedClusters.listClusterUserCredentials('rg-creds', 'entra1', {
        format: 'yaml' as any,
      }),
    ).rejects.toMatchObject({
      statusCode: 400,
      code: 'InvalidParameter',
    });
  });

  it('keeps each CA in the state file, so a restarted emulator hands out the same one', async () => {
    const before = readKubeconfig(
      (
        await aks.managedClusters.listClusterUserCredentials(
          'rg-creds',
          'entra1',
        )
      ).kubeconfigs![0].value,
    );
    const port = emulator.port;
    await emulator.close();
    emulator = await createEmulator({
      port,
      operationDurationMs: 100,
      retryAfterSeconds: 0,
      stateFile: path.join(dir, 'state.json'),
    });
    aks = new ContainerServiceClient(credential, SUB, sdkOptions(emulator));
    const after = readKubeconfig(
      (
        await aks.managedClusters.listClusterUserCredentials(
          'rg-creds',
          'entra1',
        )
      ).kubeconfigs![0].value,
    );
    expect(after.ca).toBe(before.ca);
  });

  it('makes no CA until credentials are asked for', async () => {
    await aks.managedClusters.createOrUpdate(
      'rg-creds',
      'quiet',
      { ...entraCluster, dnsPrefix: 'quiet' },
      poll,
    );
    const stored = [...emulator.state.resources.values()].find(
      r => r.kind === 'managedCluster' && r.name === 'quiet',
    );
    expect(stored?.certificateAuthority).toBeUndefined();
  });
});
