import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  ContainerServiceClient,
  restorePoller,
} from '@azure/arm-containerservice';
import { SourceControlConfigurationClient } from '@azure/arm-kubernetesconfiguration';
import { ResourceManagementClient } from '@azure/arm-resources';
import { createEmulator, Emulator } from './index';
import { fakeCredential, sdkOptions } from './__testUtils__/sdk';

const SUB = '33333333-4444-5555-6666-777777777777';
const SECRET = 'never-on-disk-2718';
const AKS = ['Microsoft.ContainerService', 'managedClusters'] as const;
const cluster = {
  location: 'westeurope',
  dnsPrefix: 'kept',
  agentPoolProfiles: [
    {
      name: 'system',
      mode: 'System' as const,
      count: 1,
      vmSize: 'Standard_D4s_v5',
    },
    {
      name: 'gpu',
      mode: 'User' as const,
      vmSize: 'Standard_NC24ads_A100_v4',
      enableAutoScaling: true,
      minCount: 0,
      maxCount: 25,
    },
  ],
};

function clients(emulator: Emulator) {
  const options = sdkOptions(emulator);
  return {
    arm: new ResourceManagementClient(fakeCredential, SUB, options),
    aks: new ContainerServiceClient(fakeCredential, SUB, options),
    kc: new SourceControlConfigurationClient(fakeCredential, SUB, options),
  };
}

describe('the emulator with a state file', () => {
  // Two emulators and three SDK clients per test: seconds on a loaded machine.
  jest.setTimeout(20_000);
  let dir: string;
  let stateFile: string;
  const open: Emulator[] = [];

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'arm-emulator-state-'));
    stateFile = path.join(dir, 'nested', 'state.json');
  });
  afterEach(async () => {
    await Promise.all(
      open.splice(0).map(e => e.close().catch(() => undefined)),
    );
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('keeps Azure across a restart: resources, and an operation that was running finishes while it is stopped', async () => {
    const first = await createEmulator({
      operationDurationMs: 50,
      retryAfterSeconds: 0,
      stateFile,
    });
    const { arm, aks, kc } = clients(first);
    await arm.resourceGroups.createOrUpdate('rg-kept', {
      location: 'westeurope',
    });
    await aks.managedClusters.beginCreateOrUpdateAndWait(
      'rg-kept',
      'kept',
      cluster,
      { updateIntervalInMs: 10 },
    );
    await kc.extensions.beginCreateAndWait(
      'rg-kept',
      ...AKS,
      'kept',
      'flux',
      {
        extensionType: 'microsoft.flux',
        configurationProtectedSettings: { token: SECRET },
      },
      { updateIntervalInMs: 10 },
    );
    // A change that takes long, saved by its client the way the engine saves it.
    first.configure({ operationDurationMs: 3_600_000 });
    const poller = aks.managedClusters.createOrUpdate('rg-kept', 'kept', {
      ...cluster,
      tags: { phase: 'two' },
    });
    await poller.submitted();
    const saved = await poller.serialize();
    const port = first.port;
    await first.close();

    const text = fs.readFileSync(stateFile, 'utf8');
    expect(text).not.toContain(SECRET);

    const second = await createEmulator({
      port,
      operationDurationMs: 50,
      retryAfterSeconds: 0,
      stateFile,
    });
    open.push(second);
    const again = clients(second);
    const resumed = restorePoller(
      again.aks,
      saved,
      again.aks.managedClusters.createOrUpdate,
      { updateIntervalInMs: 10 },
    );
    expect(await resumed.pollUntilDone()).toMatchObject({
      provisioningState: 'Succeeded',
      tags: { phase: 'two' },
    });
    const got = await again.aks.managedClusters.get('rg-kept', 'kept');
    expect(got.agentPoolProfiles!.map(p => [p.name, p.maxCount])).toEqual([
      ['system', undefined],
      ['gpu', 25],
    ]);
    expect(
      (await again.kc.extensions.get('rg-kept', ...AKS, 'kept', 'flux'))
        .provisioningState,
    ).toBe('Succeeded');
    // What the first emulator counted is not carried over; what exists is.
    expect(second.state.stats.writes).toBe(0);
    expect(second.state.resources.size).toBe(first.state.resources.size);

    // New resources go on from where the first left off.
    await again.arm.resourceGroups.createOrUpdate('rg-new', {
      location: 'westeurope',
    });
    const groups = [];
    for await (const g of again.arm.resourceGroups.list()) groups.push(g.name);
    expect(groups).toEqual(['rg-kept', 'rg-new']);
  });

  it('refuses a damaged state file, naming it and the fix, and leaves it as it was', async () => {
    fs.mkdirSync(path.dirname(stateFile), { recursive: true });
    fs.writeFileSync(
      stateFile,
      '{"format":1,"seq":3,"resources":[{"key":"x"}],"operations":[]}',
    );
    await expect(createEmulator({ stateFile })).rejects.toThrow(
      `The Azure emulator's state file ${stateFile} cannot be read: resource "x" is malformed. Fix: delete it to start with an empty Azure, or restore a good copy.`,
    );
    fs.writeFileSync(stateFile, 'not json');
    await expect(createEmulator({ stateFile })).rejects.toThrow(
      /cannot be read: Unexpected token .*Fix: delete it/,
    );
    expect(fs.readFileSync(stateFile, 'utf8')).toBe('not json');
  });

  it('starts empty when the state file does not exist yet, and writes it at close', async () => {
    const fresh = await createEmulator({ stateFile });
    expect(fresh.state.resources.size).toBe(0);
    await fresh.close();
    expect(JSON.parse(fs.readFileSync(stateFile, 'utf8'))).toMatchObject({
      format: 1,
      resources: [],
      operations: [],
    });
  });
});
