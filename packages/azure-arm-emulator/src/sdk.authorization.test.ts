import { AuthorizationManagementClient } from '@azure/arm-authorization';
import { ContainerServiceClient } from '@azure/arm-containerservice';
import { ResourceManagementClient } from '@azure/arm-resources';
import { createEmulator, Emulator } from './index';
import { fakeCredential, sdkOptions } from './__testUtils__/sdk';

const SUB = '44444444-5555-6666-7777-888888888888';
const RG = 'rg-rbac';
const READER = 'acdd72a7-3385-48ef-bd42-f606fba81ae7';
const RBAC_WRITER = 'a7ffa36f-339b-4b5c-8bdf-e2c188b2c0eb';
const CUSTOM_ROLE = '9a1b2c3d-4e5f-4a6b-8c7d-0e1f2a3b4c5d';
const ALICE = '0b1c2d3e-4f5a-4b6c-8d7e-9f0a1b2c3d4e';
const BOB = '5e6f7a8b-9c0d-4e1f-a2b3-c4d5e6f7a8b9';
const NAMES = [
  '6c1d0d9a-1b2c-4d3e-8f4a-5b6c7d8e9f01',
  '7d2e1eab-2c3d-4e4f-9a5b-6c7d8e9f0a12',
  '8e3f2fbc-3d4e-4f5a-ab6c-7d8e9f0a1b23',
];

const cluster = {
  location: 'westeurope',
  dnsPrefix: 'rbac',
  agentPoolProfiles: [
    {
      name: 'system',
      mode: 'System' as const,
      count: 1,
      vmSize: 'Standard_D4s_v5',
    },
  ],
};

describe('@azure/arm-authorization against the emulator', () => {
  let emulator: Emulator;
  let auth: AuthorizationManagementClient;
  let aks: ContainerServiceClient;
  let clusterId: string;
  let namespaceScope: string;
  const sub = `/subscriptions/${SUB}`;
  const poll = { updateIntervalInMs: 10 };

  beforeAll(async () => {
    emulator = await createEmulator({
      operationDurationMs: 40,
      retryAfterSeconds: 0,
    });
    const options = sdkOptions(emulator);
    auth = new AuthorizationManagementClient(fakeCredential, SUB, options);
    aks = new ContainerServiceClient(fakeCredential, SUB, options);
    const arm = new ResourceManagementClient(fakeCredential, SUB, options);
    await arm.resourceGroups.createOrUpdate(RG, { location: 'westeurope' });
    clusterId = (
      await aks.managedClusters.beginCreateOrUpdateAndWait(
        RG,
        'aks-rbac',
        cluster,
        poll,
      )
    ).id!;
    namespaceScope = `${clusterId}/namespaces/team-a`;
  });
  afterAll(() => emulator?.close());

  it('reads built-in roles at the tenant and at a subscription, with their real permissions', async () => {
    const tenant = await auth.roleDefinitions.get('', READER);
    expect(tenant).toMatchObject({
      id: `/providers/Microsoft.Authorization/roleDefinitions/${READER}`,
      roleName: 'Reader',
      roleType: 'BuiltInRole',
    });
    const atSub = await auth.roleDefinitions.get(sub, RBAC_WRITER);
    expect(atSub).toMatchObject({
      id: `${sub}/providers/Microsoft.Authorization/roleDefinitions/${RBAC_WRITER}`,
      name: RBAC_WRITER,
      type: 'Microsoft.Authorization/roleDefinitions',
      roleName: 'Azure Kubernetes Service RBAC Writer',
      assignableScopes: ['/'],
    });
    expect(atSub.permissions?.[0].dataActions).toEqual(
      expect.arrayContaining([
        'Microsoft.ContainerService/managedClusters/secrets/*',
      ]),
    );
    const byName = [];
    for await (const r of auth.roleDefinitions.list(sub, {
      filter: "roleName eq 'Azure Kubernetes Service RBAC Reader'",
    }))
      byName.push(r.name);
    expect(byName).toEqual(['7f6c6a51-bcf8-42ba-9220-52d62157d7db']);
    await expect(
      auth.roleDefinitions.get(sub, '11111111-1111-1111-1111-111111111111'),
    ).rejects.toMatchObject({
      statusCode: 404,
      code: 'RoleDefinitionDoesNotExist',
    });
  });

  it('creates a custom role (201 on create and update) and refuses a duplicate name and malformed data actions', async () => {
    const definition = {
      roleName: 'Platform Namespace Deployer',
      description: 'Deploys workloads into a team namespace',
      roleType: 'CustomRole',
      permissions: [
        {
          actions: [
            'Microsoft.ContainerService/managedClusters/listClusterUserCredential/action',
          ],
          dataActions: [
            'Microsoft.ContainerService/managedClusters/apps/deployments/*',
            'Microsoft.ContainerService/managedClusters/pods/read',
          ],
        },
      ],
      assignableScopes: [sub],
    };
    let status = 0;
    const created = await auth.roleDefinitions.createOrUpdate(
      sub,
      CUSTOM_ROLE,
      definition,
      { onResponse: r => (status = r.status) },
    );
    expect(status).toBe(201);
    expect(created).toMatchObject({
      id: `${sub}/providers/Microsoft.Authorization/roleDefinitions/${CUSTOM_ROLE}`,
      name: CUSTOM_ROLE,
      roleName: 'Platform Namespace Deployer',
      roleType: 'CustomRole',
      assignableScopes: [sub],
      createdOn: expect.any(Date),
      updatedOn: expect.any(Date),
      createdBy: expect.any(String),
      updatedBy: expect.any(String),
    });
    expect(created.permissions?.[0]).toEqual({
      ...definition.permissions[0],
      notActions: [],
      notDataActions: [],
    });
    await auth.roleDefinitions.createOrUpdate(
      sub,
      CUSTOM_ROLE,
      { ...definition, description: 'updated' },
      { onResponse: r => (status = r.status) },
    );
    expect(status).toBe(201);

    const customs = [];
    for await (const r of auth.roleDefinitions.list(sub, {
      filter: "type eq 'CustomRole'",
    }))
      customs.push(r.roleName);
    expect(customs).toEqual(['Platform Namespace Deployer']);

    await expect(
      auth.roleDefinitions.createOrUpdate(
        sub,
        '22222222-2222-4222-8222-222222222222',
        definition,
      ),
    ).rejects.toMatchObject({
      statusCode: 409,
      code: 'RoleDefinitionWithSameNameExists',
    });
    await expect(
      auth.roleDefinitions.createOrUpdate(
        sub,
        '33333333-3333-4333-8333-333333333333',
        {
          ...definition,
          roleName: 'Bad data action',
          permissions: [{ dataActions: ['pods/read'] }],
        },
      ),
    ).rejects.toMatchObject({
      statusCode: 400,
      code: 'InvalidDataActionOrNotDataAction',
      message:
        "'pods/read' does not match any of the actions supported by the providers.",
    });
    await expect(
      auth.roleDefinitions.createOrUpdate(
        sub,
        '44444444-4444-4444-8444-444444444444',
        { ...definition, roleName: 'Nowhere', assignableScopes: [] },
      ),
    ).rejects.toMatchObject({ statusCode: 400 });
    await expect(
      auth.roleDefinitions.createOrUpdate(
        sub,
        '55555555-5555-4555-8555-555555555555',
        {
          ...definition,
          roleName: 'Elsewhere',
          assignableScopes: [
            '/subscriptions/99999999-9999-9999-9999-999999999999',
          ],
        },
      ),
    ).rejects.toMatchObject({
      statusCode: 400,
      message: expect.stringContaining('do not include the scope'),
    });
  });

  it('assigns the custom role at an AKS namespace scope, idempotently, as Azure RBAC does', async () => {
    const params = {
      roleDefinitionId: `${sub}/providers/Microsoft.Authorization/roleDefinitions/${CUSTOM_ROLE}`,
      principalId: ALICE,
      principalType: 'Group' as const,
    };
    let status = 0;
    const created = await auth.roleAssignments.create(
      namespaceScope,
      NAMES[0],
      params,
      { onResponse: r => (status = r.status) },
    );
    expect(status).toBe(201);
    expect(created).toMatchObject({
      id: `${namespaceScope}/providers/Microsoft.Authorization/roleAssignments/${NAMES[0]}`,
      name: NAMES[0],
      type: 'Microsoft.Authorization/roleAssignments',
      scope: namespaceScope,
      principalId: ALICE,
      principalType: 'Group',
      roleDefinitionId: params.roleDefinitionId,
      createdOn: expect.any(Date),
      updatedBy: expect.any(String),
    });
    expect(created.condition).toBeNull();

    const again = await auth.roleAssignments.create(
      namespaceScope,
      NAMES[0],
      params,
      { onResponse: r => (status = r.status) },
    );
    expect(status).toBe(200);
    expect(again.createdOn).toEqual(created.createdOn);

    await expect(
      auth.roleAssignments.create(namespaceScope, NAMES[1], params),
    ).rejects.toMatchObject({
      statusCode: 409,
      code: 'RoleAssignmentExists',
      message: 'The role assignment already exists.',
    });
    await expect(
      auth.roleAssignments.create(namespaceScope, NAMES[0], {
        ...params,
        principalId: BOB,
      }),
    ).rejects.toMatchObject({
      statusCode: 409,
      code: 'RoleAssignmentUpdateNotPermitted',
      message:
        'Tenant ID, application ID, principal ID, and scope are not allowed to be updated.',
    });
    await expect(
      auth.roleAssignments.create(clusterId, NAMES[0], params),
    ).rejects.toMatchObject({
      statusCode: 409,
      code: 'RoleAssignmentUpdateNotPermitted',
    });

    const got = await auth.roleAssignments.get(namespaceScope, NAMES[0]);
    expect(got.principalId).toBe(ALICE);
    const atNamespace = [];
    for await (const a of auth.roleAssignments.listForScope(namespaceScope, {
      filter: 'atScope()',
    }))
      atNamespace.push(a.name);
    expect(atNamespace).toEqual([NAMES[0]]);
  });

  it("refuses malformed assignments with Azure RBAC's codes", async () => {
    const reader = `/providers/Microsoft.Authorization/roleDefinitions/${READER}`;
    await expect(
      auth.roleAssignments.create(sub, 'not-a-guid', {
        roleDefinitionId: reader,
        principalId: BOB,
      }),
    ).rejects.toMatchObject({
      statusCode: 400,
      code: 'InvalidRoleAssignmentId',
      message:
        "The role assignment ID 'not-a-guid' is not valid. The role assignment ID must be a GUID.",
    });
    await expect(
      auth.roleAssignments.create(sub, NAMES[2], {
        roleDefinitionId: reader,
        principalId: 'bob',
      }),
    ).rejects.toMatchObject({
      statusCode: 400,
      code: 'InvalidPrincipalId',
    });
    await expect(
      auth.roleAssignments.create(sub, NAMES[2], {
        roleDefinitionId:
          '/providers/Microsoft.Authorization/roleDefinitions/11111111-1111-1111-1111-111111111111',
        principalId: BOB,
      }),
    ).rejects.toMatchObject({
      statusCode: 400,
      code: 'RoleDefinitionDoesNotExist',
    });
    await expect(
      auth.roleAssignments.create(`${clusterId}-gone`, NAMES[2], {
        roleDefinitionId: reader,
        principalId: BOB,
      }),
    ).rejects.toMatchObject({
      statusCode: 404,
      code: 'ResourceNotFound',
    });
    await expect(auth.roleAssignments.get(sub, NAMES[2])).rejects.toMatchObject(
      { statusCode: 404, code: 'RoleAssignmentNotFound' },
    );
  });

  it('lists by principal across the subscription, refuses to delete an assigned custom role, and deletes', async () => {
    await auth.roleAssignments.create(`${sub}/resourceGroups/${RG}`, NAMES[2], {
      roleDefinitionId: `/providers/Microsoft.Authorization/roleDefinitions/${READER}`,
      principalId: BOB,
      principalType: 'ServicePrincipal',
    });
    const bobs = [];
    for await (const a of auth.roleAssignments.listForSubscription({
      filter: `principalId eq '${BOB}'`,
    }))
      bobs.push(a.name);
    expect(bobs).toEqual([NAMES[2]]);
    const all = [];
    for await (const a of auth.roleAssignments.listForScope(sub))
      all.push(a.name);
    expect(all.sort()).toEqual([NAMES[0], NAMES[2]].sort());

    await expect(
      auth.roleDefinitions.delete(sub, CUSTOM_ROLE),
    ).rejects.toMatchObject({
      statusCode: 409,
      code: 'RoleDefinitionHasAssignments',
    });
    expect(
      (
        await auth.roleAssignments.delete(
          `${sub}/resourceGroups/${RG}`,
          NAMES[2],
        )
      ).name,
    ).toBe(NAMES[2]);
    expect(
      emulator.state.stats.writesByKind.roleAssignment.DELETE,
    ).toBeGreaterThan(0);
  });

  it('removes the assignments at a cluster and its namespaces when the cluster is deleted', async () => {
    await auth.roleAssignments.create(clusterId, NAMES[1], {
      roleDefinitionId: `/providers/Microsoft.Authorization/roleDefinitions/${RBAC_WRITER}`,
      principalId: BOB,
    });
    await aks.managedClusters.beginDeleteAndWait(RG, 'aks-rbac', poll);
    const left = [];
    for await (const a of auth.roleAssignments.listForScope(sub))
      left.push(a.name);
    expect(left).toEqual([]);
    const deleted = await auth.roleDefinitions.delete(sub, CUSTOM_ROLE);
    expect(deleted.roleName).toBe('Platform Namespace Deployer');
  });
});
