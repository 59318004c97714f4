import { ContainerServiceClient } from '@azure/arm-containerservice';
import { PolicyClient } from '@azure/arm-policy';
import { ResourceManagementClient } from '@azure/arm-resources';
import { createEmulator, Emulator } from './index';
import { fakeCredential, sdkOptions } from './__testUtils__/sdk';

const SUB = '33333333-4444-5555-6666-777777777777';
const RG = 'rg-policy';
const NO_PRIVILEGED =
  '/providers/Microsoft.Authorization/policyDefinitions/95edb821-ddaf-4404-9732-666045e056b4';
const BASELINE =
  '/providers/Microsoft.Authorization/policySetDefinitions/a8640138-9b0a-4a28-b8cb-1666c838647d';
const RESTRICTED =
  '/providers/Microsoft.Authorization/policySetDefinitions/42b8ef37-b724-4e24-bbc8-7a7708edfe00';

const cluster = {
  location: 'westeurope',
  dnsPrefix: 'pol',
  addonProfiles: { azurepolicy: { enabled: true, config: { version: 'v2' } } },
  agentPoolProfiles: [
    {
      name: 'system',
      mode: 'System' as const,
      count: 1,
      vmSize: 'Standard_D4s_v5',
    },
  ],
};

describe('@azure/arm-policy against the emulator', () => {
  let emulator: Emulator;
  let policy: PolicyClient;
  let aks: ContainerServiceClient;
  let clusterId: string;
  const poll = { updateIntervalInMs: 10 };

  beforeAll(async () => {
    emulator = await createEmulator({
      operationDurationMs: 40,
      retryAfterSeconds: 0,
    });
    const options = sdkOptions(emulator);
    policy = new PolicyClient(fakeCredential, SUB, options);
    aks = new ContainerServiceClient(fakeCredential, SUB, options);
    const arm = new ResourceManagementClient(fakeCredential, SUB, options);
    await arm.resourceGroups.createOrUpdate(RG, { location: 'westeurope' });
    await arm.resourceGroups.createOrUpdate('rg-other', {
      location: 'westeurope',
    });
    const created = await aks.managedClusters.beginCreateOrUpdateAndWait(
      RG,
      'aks-pol',
      cluster,
      poll,
    );
    clusterId = created.id!;
  });
  afterAll(() => emulator?.close());

  it('serves the built-in Kubernetes definitions from Azure/azure-policy', async () => {
    const def = await policy.policyDefinitions.getBuiltIn(
      '95edb821-ddaf-4404-9732-666045e056b4',
    );
    expect(def).toMatchObject({
      id: NO_PRIVILEGED,
      name: '95edb821-ddaf-4404-9732-666045e056b4',
      type: 'Microsoft.Authorization/policyDefinitions',
      displayName: 'Kubernetes cluster should not allow privileged containers',
      policyType: 'BuiltIn',
      mode: 'Microsoft.Kubernetes.Data',
    });
    expect(def.parameters?.effect).toMatchObject({
      allowedValues: ['audit', 'Audit', 'deny', 'Deny', 'disabled', 'Disabled'],
      defaultValue: 'Deny',
    });
    expect(Object.keys(def.parameters ?? {}).sort()).toEqual(
      [
        'effect',
        'excludedContainers',
        'excludedImages',
        'excludedNamespaces',
        'labelSelector',
        'namespaces',
      ].sort(),
    );
    const baseline = await policy.policySetDefinitions.getBuiltIn(
      'a8640138-9b0a-4a28-b8cb-1666c838647d',
    );
    expect(baseline.displayName).toBe(
      'Kubernetes cluster pod security baseline standards for Linux-based workloads',
    );
    expect(Object.keys(baseline.parameters ?? {})).toEqual([
      'effect',
      'excludedNamespaces',
      'namespaces',
      'allowedHostPaths',
    ]);
    const restricted = await policy.policySetDefinitions.getBuiltIn(
      '42b8ef37-b724-4e24-bbc8-7a7708edfe00',
    );
    expect(Object.keys(restricted.parameters ?? {})).toEqual([
      'effect',
      'excludedNamespaces',
      'namespaces',
      'allowedCapabilities',
      'requiredDropCapabilities',
    ]);
    await expect(
      policy.policyDefinitions.getBuiltIn(
        '00000000-0000-0000-0000-000000000000',
      ),
    ).rejects.toMatchObject({
      statusCode: 404,
      code: 'PolicyDefinitionNotFound',
    });
  });

  it('creates, reads, replaces and lists the privileged-container policy at a cluster scope', async () => {
    const before = emulator.state.stats.writesByKind.policyAssignment.PUT;
    const created = await policy.policyAssignments.create(
      clusterId,
      'no-privileged',
      {
        displayName: 'No privileged containers',
        policyDefinitionId: NO_PRIVILEGED,
        parameters: {
          effect: { value: 'Audit' },
          excludedNamespaces: { value: ['kube-system', 'gatekeeper-system'] },
        },
      },
    );
    expect(created).toMatchObject({
      id: `${clusterId}/providers/Microsoft.Authorization/policyAssignments/no-privileged`,
      name: 'no-privileged',
      type: 'Microsoft.Authorization/policyAssignments',
      scope: clusterId,
      policyDefinitionId: NO_PRIVILEGED,
      definitionVersion: '7.*.*',
      enforcementMode: 'Default',
      notScopes: [],
      instanceId: expect.stringMatching(/^[0-9a-f-]{36}$/),
    });
    expect(emulator.state.stats.writesByKind.policyAssignment.PUT).toBe(
      before + 1,
    );

    const got = await policy.policyAssignments.get(clusterId, 'no-privileged');
    expect(got.parameters?.effect?.value).toBe('Audit');
    const replaced = await policy.policyAssignments.create(
      clusterId,
      'no-privileged',
      {
        policyDefinitionId: NO_PRIVILEGED,
        parameters: { effect: { value: 'Deny' } },
        enforcementMode: 'DoNotEnforce',
      },
    );
    expect(replaced.instanceId).toBe(created.instanceId);
    expect(replaced.enforcementMode).toBe('DoNotEnforce');

    await policy.policyAssignments.create(`/subscriptions/${SUB}`, 'baseline', {
      policyDefinitionId: BASELINE,
    });
    await policy.policyAssignments.create(
      `/subscriptions/${SUB}/resourceGroups/rg-other`,
      'elsewhere',
      { policyDefinitionId: RESTRICTED },
    );
    const atCluster: string[] = [];
    for await (const a of policy.policyAssignments.listForResource(
      RG,
      'Microsoft.ContainerService',
      '',
      'managedClusters',
      'aks-pol',
      { filter: 'atScope()' },
    )) {
      atCluster.push(a.name!);
    }
    expect(atCluster.sort()).toEqual(['baseline', 'no-privileged']);
    const inSubscription: string[] = [];
    for await (const a of policy.policyAssignments.list())
      inSubscription.push(a.name!);
    expect(inSubscription.sort()).toEqual([
      'baseline',
      'elsewhere',
      'no-privileged',
    ]);
    const exact: string[] = [];
    for await (const a of policy.policyAssignments.list({
      filter: 'atExactScope()',
    }))
      exact.push(a.name!);
    expect(exact).toEqual(['baseline']);
  });

  it("refuses what Azure Policy refuses, with Azure's codes", async () => {
    await expect(
      policy.policyAssignments.create(clusterId, 'x', {
        policyDefinitionId:
          '/providers/Microsoft.Authorization/policyDefinitions/11111111-2222-3333-4444-555555555555',
      }),
    ).rejects.toMatchObject({
      statusCode: 400,
      code: 'PolicyDefinitionNotFound',
      message:
        "The policy assignment create request is invalid. The policy definition '/providers/Microsoft.Authorization/policyDefinitions/11111111-2222-3333-4444-555555555555' could not be found.",
    });
    await expect(
      policy.policyAssignments.create(clusterId, 'x', {
        policyDefinitionId:
          '/providers/Microsoft.Authorization/policySetDefinitions/11111111-2222-3333-4444-555555555555',
      }),
    ).rejects.toMatchObject({
      statusCode: 400,
      code: 'PolicySetDefinitionNotFound',
    });
    await expect(
      policy.policyAssignments.create(clusterId, 'x', {
        policyDefinitionId: NO_PRIVILEGED,
        parameters: { allowPrivileged: { value: true } },
      }),
    ).rejects.toMatchObject({
      statusCode: 400,
      code: 'UndefinedPolicyParameter',
      message:
        "The policy assignment 'x' has the parameter(s) 'allowPrivileged' which are not defined in the policy definition '95edb821-ddaf-4404-9732-666045e056b4'.",
    });
    await expect(
      policy.policyAssignments.create(clusterId, 'x', {
        policyDefinitionId: NO_PRIVILEGED,
        parameters: { effect: { value: 'Block' } },
      }),
    ).rejects.toMatchObject({
      statusCode: 400,
      code: 'PolicyParameterValueNotAllowed',
      message:
        "The value 'Block' is not allowed for policy parameter 'effect' in policy definition '95edb821-ddaf-4404-9732-666045e056b4 version 7.2.0'. The allowed values are 'audit, Audit, deny, Deny, disabled, Disabled'.",
    });
    await expect(
      policy.policyAssignments.create(clusterId, 'x', {
        policyDefinitionId: NO_PRIVILEGED,
        parameters: { excludedNamespaces: { value: 'kube-system' } },
      }),
    ).rejects.toMatchObject({
      statusCode: 400,
      code: 'InvalidPolicyParameters',
    });
    await expect(
      policy.policyAssignments.create(clusterId, 'x', {
        policyDefinitionId: NO_PRIVILEGED,
        identity: { type: 'SystemAssigned' },
      }),
    ).rejects.toMatchObject({ statusCode: 400, code: 'LocationRequired' });
    const missingCluster = clusterId.replace(/aks-pol$/, 'aks-gone');
    await expect(
      policy.policyAssignments.create(missingCluster, 'x', {
        policyDefinitionId: NO_PRIVILEGED,
      }),
    ).rejects.toMatchObject({
      statusCode: 404,
      code: 'ResourceNotFound',
    });
    await expect(
      policy.policyAssignments.get(clusterId, 'never-created'),
    ).rejects.toMatchObject({
      statusCode: 404,
      code: 'PolicyAssignmentNotFound',
    });
  });

  it('fills the managed identity of an assignment that has a location, and keeps it on replace', async () => {
    const body = {
      location: 'westeurope',
      identity: { type: 'SystemAssigned' as const },
      policyDefinitionId: RESTRICTED,
    };
    const created = await policy.policyAssignments.create(
      `/subscriptions/${SUB}/resourceGroups/${RG}`,
      'restricted',
      body,
    );
    expect(created.identity).toMatchObject({
      type: 'SystemAssigned',
      principalId: expect.stringMatching(/^[0-9a-f-]{36}$/),
      tenantId: expect.any(String),
    });
    expect(created.location).toBe('westeurope');
    const again = await policy.policyAssignments.create(
      `/subscriptions/${SUB}/resourceGroups/${RG}`,
      'restricted',
      body,
    );
    expect(again.identity?.principalId).toBe(created.identity?.principalId);
  });

  it('removes the assignments at a cluster with the cluster, and deletes one through the API', async () => {
    const deleted = await policy.policyAssignments.delete(
      `/subscriptions/${SUB}/resourceGroups/rg-other`,
      'elsewhere',
    );
    expect(deleted.name).toBe('elsewhere');
    await aks.managedClusters.beginDeleteAndWait(RG, 'aks-pol', poll);
    const left: string[] = [];
    for await (const a of policy.policyAssignments.list()) left.push(a.name!);
    expect(left.sort()).toEqual(['baseline', 'restricted']);
  });
});
