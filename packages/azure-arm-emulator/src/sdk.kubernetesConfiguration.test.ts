import { ContainerServiceClient } from '@azure/arm-containerservice';
import { SourceControlConfigurationClient } from '@azure/arm-kubernetesconfiguration';
import type {
  Extension,
  FluxConfiguration,
} from '@azure/arm-kubernetesconfiguration';
import { ResourceManagementClient } from '@azure/arm-resources';
import { createEmulator, Emulator } from './index';
import { fakeCredential, getText, sdkOptions } from './__testUtils__/sdk';

const SUB = '22222222-3333-4444-5555-666666666666';
const RG = 'rg-kc';
const AKS = ['Microsoft.ContainerService', 'managedClusters'] as const;
const PRIVATE_REPO = 'https://github.com/example/private-platform';
const CLONE_ERROR = `failed to checkout and determine revision: unable to clone '${PRIVATE_REPO}': authentication required`;
const SECRET = 'do-not-echo-me-3141';

const cluster = {
  location: 'westeurope',
  dnsPrefix: 'kc',
  agentPoolProfiles: [
    {
      name: 'system',
      mode: 'System' as const,
      count: 1,
      vmSize: 'Standard_D4s_v5',
    },
  ],
};

const fluxExtension: Extension = {
  extensionType: 'microsoft.flux',
  autoUpgradeMinorVersion: true,
  releaseTrain: 'Stable',
  scope: { cluster: { releaseNamespace: 'flux-system' } },
  configurationSettings: { 'multiTenancy.enforce': 'false' },
  configurationProtectedSettings: { 'helm-controller.token': SECRET },
};

const gitConfig = (url: string): FluxConfiguration => ({
  scope: 'cluster',
  namespace: 'flux-system',
  sourceKind: 'GitRepository',
  gitRepository: {
    url,
    repositoryRef: { branch: 'main' },
    syncIntervalInSeconds: 120,
  },
  kustomizations: {
    infra: { path: './infrastructure', prune: true },
    apps: {
      path: './apps/prod',
      dependsOn: ['infra'],
      postBuild: { substitute: { cluster_env: 'prod', replica_count: '2' } },
    },
  },
  configurationProtectedSettings: { httpsUser: 'git', httpsKey: SECRET },
});

describe('@azure/arm-kubernetesconfiguration against the emulator', () => {
  let emulator: Emulator;
  let kc: SourceControlConfigurationClient;
  let aks: ContainerServiceClient;
  const poll = { updateIntervalInMs: 10 };

  /** The raw response text, to prove no secret is in it whatever the SDK's models keep. */
  const rawGet = (path: string) => getText(emulator, path);

  beforeAll(async () => {
    emulator = await createEmulator({
      operationDurationMs: 60,
      operationDurationByType: {
        managedCluster: 400,
        extension: 400,
        fluxConfiguration: 80,
      },
      retryAfterSeconds: 0,
      gitFailures: { [PRIVATE_REPO]: CLONE_ERROR },
    });
    const options = sdkOptions(emulator);
    kc = new SourceControlConfigurationClient(fakeCredential, SUB, options);
    aks = new ContainerServiceClient(fakeCredential, SUB, options);
    const arm = new ResourceManagementClient(fakeCredential, SUB, options);
    await arm.resourceGroups.createOrUpdate(RG, { location: 'westeurope' });
    await aks.managedClusters.beginCreateOrUpdateAndWait(
      RG,
      'aks-kc',
      cluster,
      poll,
    );
  });
  afterAll(() => emulator?.close());

  it('installs the Flux extension through beginCreateAndWait and never echoes its protected settings', async () => {
    const before = emulator.state.stats.writesByKind.extension.PUT;
    const ext = await kc.extensions.beginCreateAndWait(
      RG,
      ...AKS,
      'aks-kc',
      'flux',
      fluxExtension,
      poll,
    );
    expect(ext).toMatchObject({
      id: `/subscriptions/${SUB}/resourceGroups/${RG}/providers/Microsoft.ContainerService/managedClusters/aks-kc/providers/Microsoft.KubernetesConfiguration/extensions/flux`,
      name: 'flux',
      type: 'Microsoft.KubernetesConfiguration/extensions',
      extensionType: 'microsoft.flux',
      provisioningState: 'Succeeded',
      currentVersion: expect.stringMatching(/^1\.\d+\.\d+$/),
      statuses: [],
      isSystemExtension: false,
      configurationSettings: { 'multiTenancy.enforce': 'false' },
      aksAssignedIdentity: {
        type: 'SystemAssigned',
        principalId: expect.stringMatching(/^[0-9a-f-]{36}$/),
        tenantId: expect.any(String),
      },
    });
    expect(ext.configurationProtectedSettings).toBeUndefined();
    expect(emulator.state.stats.writesByKind.extension.PUT).toBe(before + 1);

    const got = await kc.extensions.get(RG, ...AKS, 'aks-kc', 'flux');
    expect(got.provisioningState).toBe('Succeeded');
    const listed = [];
    for await (const e of kc.extensions.list(RG, ...AKS, 'aks-kc'))
      listed.push(e.name);
    expect(listed).toEqual(['flux']);
    const base = `/subscriptions/${SUB}/resourceGroups/${RG}/providers/Microsoft.ContainerService/managedClusters/aks-kc/providers/Microsoft.KubernetesConfiguration`;
    for (const path of [
      `${base}/extensions/flux?api-version=2023-05-01`,
      `${base}/extensions?api-version=2023-05-01`,
      '/_emulator/state',
    ]) {
      expect(await rawGet(path)).not.toContain(SECRET);
    }
    const state = JSON.parse(await rawGet('/_emulator/state'));
    const stored = state.resources.find(
      (r: any) => r.type === 'Microsoft.KubernetesConfiguration/extensions',
    );
    expect(stored.properties.configurationProtectedSettings).toEqual({
      'helm-controller.token': '<redacted>',
    });

    // The same PUT again: 200, no new operation.
    const ops = emulator.state.stats.operationsStarted;
    await kc.extensions.beginCreateAndWait(
      RG,
      ...AKS,
      'aks-kc',
      'flux',
      fluxExtension,
      poll,
    );
    expect(emulator.state.stats.operationsStarted).toBe(ops);
  });

  it('refuses a second write while the extension installs, an unknown type, and a cluster that is still being created', async () => {
    const poller = await kc.extensions.beginCreate(
      RG,
      ...AKS,
      'aks-kc',
      'monitor',
      { extensionType: 'microsoft.azuremonitor.containers' },
      poll,
    );
    await expect(
      kc.extensions.beginCreateAndWait(
        RG,
        ...AKS,
        'aks-kc',
        'monitor',
        {
          extensionType: 'microsoft.azuremonitor.containers',
          releaseTrain: 'Preview',
        },
        poll,
      ),
    ).rejects.toMatchObject({
      statusCode: 409,
      code: 'OperationNotAllowed',
      message: expect.stringContaining("create extension 'monitor'"),
    });
    await poller.pollUntilDone();

    await expect(
      kc.extensions.beginCreateAndWait(
        RG,
        ...AKS,
        'aks-kc',
        'x',
        { extensionType: 'contoso.unknown' },
        poll,
      ),
    ).rejects.toMatchObject({
      statusCode: 400,
      message: expect.stringContaining(
        "Extension type 'contoso.unknown' is not supported",
      ),
    });
    await expect(
      kc.extensions.beginCreateAndWait(
        RG,
        ...AKS,
        'aks-kc',
        'x',
        { extensionType: 'microsoft.dapr', version: '1.14.4' },
        poll,
      ),
    ).rejects.toMatchObject({
      statusCode: 400,
      message: expect.stringContaining('autoUpgradeMinorVersion'),
    });
    const pinned = await kc.extensions.beginCreateAndWait(
      RG,
      ...AKS,
      'aks-kc',
      'dapr',
      {
        extensionType: 'microsoft.dapr',
        autoUpgradeMinorVersion: false,
        version: '1.13.2',
      },
      poll,
    );
    expect(pinned).toMatchObject({
      version: '1.13.2',
      currentVersion: '1.13.2',
      scope: { cluster: { releaseNamespace: 'dapr-system' } },
    });

    const creating = await aks.managedClusters.beginCreateOrUpdate(
      RG,
      'aks-new',
      cluster,
      poll,
    );
    await expect(
      kc.extensions.beginCreateAndWait(
        RG,
        ...AKS,
        'aks-new',
        'flux',
        fluxExtension,
        poll,
      ),
    ).rejects.toMatchObject({
      statusCode: 409,
      message: expect.stringContaining("provisioning state 'Creating'"),
    });
    await creating.pollUntilDone();
    await expect(
      kc.extensions.get(RG, ...AKS, 'aks-nope', 'flux'),
    ).rejects.toMatchObject({ statusCode: 404, code: 'ResourceNotFound' });
  });

  it('refuses a Flux configuration before the Flux extension is installed', async () => {
    await expect(
      kc.fluxConfigurations.beginCreateOrUpdateAndWait(
        RG,
        ...AKS,
        'aks-new',
        'platform',
        gitConfig('https://github.com/example/platform'),
        poll,
      ),
    ).rejects.toMatchObject({
      statusCode: 400,
      message: expect.stringContaining(
        'The Flux extension must be installed first',
      ),
    });
  });

  it('reconciles a GitRepository with kustomizations and postBuild substitutions to Compliant', async () => {
    const config = await kc.fluxConfigurations.beginCreateOrUpdateAndWait(
      RG,
      ...AKS,
      'aks-kc',
      'platform',
      gitConfig('https://github.com/example/platform'),
      poll,
    );
    expect(config).toMatchObject({
      provisioningState: 'Succeeded',
      complianceState: 'Compliant',
      errorMessage: '',
      repositoryPublicKey: '',
      sourceSyncedCommitId: expect.stringMatching(/^main@sha1:[0-9a-f]{40}$/),
      sourceUpdatedAt: expect.any(Date),
      statusUpdatedAt: expect.any(Date),
      gitRepository: {
        url: 'https://github.com/example/platform',
        repositoryRef: { branch: 'main' },
        syncIntervalInSeconds: 120,
      },
    });
    expect(config.kustomizations?.apps).toMatchObject({
      name: 'apps',
      dependsOn: ['infra'],
      postBuild: { substitute: { cluster_env: 'prod', replica_count: '2' } },
    });
    expect(
      config.statuses?.map(s => [
        s?.name,
        s?.kind,
        s?.complianceState,
        s?.statusConditions?.[0].status,
      ]),
    ).toEqual([
      ['platform', 'GitRepository', 'Compliant', 'True'],
      ['platform-infra', 'Kustomization', 'Compliant', 'True'],
      ['platform-apps', 'Kustomization', 'Compliant', 'True'],
    ]);
    expect(config.statuses?.[0]?.statusConditions?.[0]).toMatchObject({
      type: 'Ready',
      message: `stored artifact for revision '${config.sourceSyncedCommitId}'`,
    });
    expect(JSON.stringify(config)).not.toContain(SECRET);
    expect(config.configurationProtectedSettings).toBeUndefined();
    const base = `/subscriptions/${SUB}/resourceGroups/${RG}/providers/Microsoft.ContainerService/managedClusters/aks-kc/providers/Microsoft.KubernetesConfiguration`;
    expect(
      await rawGet(`${base}/fluxConfigurations?api-version=2023-05-01`),
    ).not.toContain(SECRET);
    expect(await rawGet('/_emulator/state')).not.toContain(SECRET);

    const listed = [];
    for await (const c of kc.fluxConfigurations.list(RG, ...AKS, 'aks-kc'))
      listed.push(c.name);
    expect(listed).toContain('platform');
    expect(
      emulator.state.stats.writesByKind.fluxConfiguration.PUT,
    ).toBeGreaterThan(0);
  });

  it("reports a repository Flux cannot clone as Non-Compliant with Flux's message, and Compliant after the fix and a re-PUT", async () => {
    const body = gitConfig(PRIVATE_REPO);
    const failing = await kc.fluxConfigurations.beginCreateOrUpdateAndWait(
      RG,
      ...AKS,
      'aks-kc',
      'private',
      body,
      poll,
    );
    expect(failing).toMatchObject({
      provisioningState: 'Succeeded',
      complianceState: 'Non-Compliant',
      sourceSyncedCommitId: null,
    });
    expect(failing.statuses?.[0]).toMatchObject({
      name: 'private',
      kind: 'GitRepository',
      complianceState: 'Non-Compliant',
      statusConditions: [
        { type: 'Ready', status: 'False', message: CLONE_ERROR },
      ],
    });
    expect(
      failing.statuses
        ?.slice(1)
        .map(s => [
          s?.name,
          s?.complianceState,
          s?.statusConditions?.[0].reason,
        ]),
    ).toEqual([
      ['private-infra', 'Non-Compliant', 'ArtifactFailed'],
      ['private-apps', 'Non-Compliant', 'DependencyNotReady'],
    ]);

    emulator.configure({ gitFailures: { [PRIVATE_REPO]: null } });
    const fixed = await kc.fluxConfigurations.beginCreateOrUpdateAndWait(
      RG,
      ...AKS,
      'aks-kc',
      'private',
      body,
      poll,
    );
    expect(fixed.complianceState).toBe('Compliant');
    expect(fixed.statuses?.every(s => s?.complianceState === 'Compliant')).toBe(
      true,
    );
  });

  it('validates Flux configurations as Azure does', async () => {
    const put = (name: string, body: FluxConfiguration) =>
      kc.fluxConfigurations.beginCreateOrUpdateAndWait(
        RG,
        ...AKS,
        'aks-kc',
        name,
        body,
        poll,
      );
    const base = gitConfig('https://github.com/example/platform');
    await expect(
      put('bad', {
        ...base,
        gitRepository: {
          url: 'ftp://example.com/repo',
          repositoryRef: { branch: 'main' },
        },
      }),
    ).rejects.toMatchObject({
      statusCode: 400,
      message: expect.stringContaining(
        "must begin with 'http://', 'https://', 'ssh://' or 'git@'",
      ),
    });
    await expect(
      put('bad', {
        ...base,
        gitRepository: { url: 'https://github.com/a/b', repositoryRef: {} },
      }),
    ).rejects.toMatchObject({ statusCode: 400 });
    await expect(
      put('bad', {
        ...base,
        kustomizations: { apps: { path: './apps', dependsOn: ['infra'] } },
      }),
    ).rejects.toMatchObject({
      statusCode: 400,
      message: expect.stringContaining("depends on 'infra'"),
    });
    await expect(
      put('bad', { ...base, namespace: 'Not_A_Namespace' }),
    ).rejects.toMatchObject({ statusCode: 400 });
    await expect(
      put('bad', { ...base, sourceKind: 'OCIRepository' as any }),
    ).rejects.toMatchObject({ statusCode: 400 });

    const ssh = await put('ssh', {
      ...base,
      gitRepository: {
        url: 'git@github.com:example/platform.git',
        repositoryRef: { tag: 'v1.2.0' },
      },
    });
    expect(ssh.repositoryPublicKey).toMatch(/^ssh-rsa AAAA[0-9A-Za-z+/=]+$/);
    expect(ssh.sourceSyncedCommitId).toMatch(/^v1\.2\.0@sha1:[0-9a-f]{40}$/);
  });

  it('resumes a Flux configuration LRO from a serialized poller in a fresh client', async () => {
    const poller = await kc.fluxConfigurations.beginCreateOrUpdate(
      RG,
      ...AKS,
      'aks-kc',
      'resumed',
      gitConfig('https://github.com/example/resumed'),
      poll,
    );
    const serialized = poller.toString();
    poller.stopPolling();
    expect(JSON.parse(serialized).state.config.operationLocation).toMatch(
      /\/providers\/Microsoft\.KubernetesConfiguration\/fluxConfigurations\/resumed\/operations\/[0-9a-f-]{36}\?api-version=2023-05-01$/,
    );
    const fresh = new SourceControlConfigurationClient(
      fakeCredential,
      SUB,
      sdkOptions(emulator),
    );
    const polls = emulator.state.stats.reads.asyncOperation;
    const result = await fresh.fluxConfigurations.beginCreateOrUpdateAndWait(
      RG,
      ...AKS,
      'aks-kc',
      'resumed',
      gitConfig('https://github.com/example/resumed'),
      { ...poll, resumeFrom: serialized },
    );
    expect(result).toMatchObject({
      name: 'resumed',
      provisioningState: 'Succeeded',
      complianceState: 'Compliant',
    });
    expect(emulator.state.stats.reads.asyncOperation).toBeGreaterThan(polls);
  });

  it('deletes an extension through the poller, then the cluster with everything on it', async () => {
    await kc.extensions.beginDeleteAndWait(RG, ...AKS, 'aks-kc', 'dapr', poll);
    await expect(
      kc.extensions.get(RG, ...AKS, 'aks-kc', 'dapr'),
    ).rejects.toMatchObject({
      statusCode: 404,
      message: "Extension instance with name 'dapr' not found.",
    });
    await kc.extensions.beginDeleteAndWait(
      RG,
      ...AKS,
      'aks-kc',
      'never-there',
      poll,
    );

    await aks.managedClusters.beginDeleteAndWait(RG, 'aks-kc', poll);
    await expect(
      kc.fluxConfigurations.get(RG, ...AKS, 'aks-kc', 'platform'),
    ).rejects.toMatchObject({ statusCode: 404 });
    const leftovers = [...emulator.state.resources.values()].filter(
      r => r.clusterName === 'aks-kc',
    );
    expect(leftovers).toEqual([]);
  });
});
