/**
 * Built-in Azure roles, as MicrosoftDocs/azure-docs documents them
 * (articles/role-based-access-control/built-in-roles/privileged.md,
 * general.md and containers.md, 2025-26): ids, names, descriptions and
 * permissions copied from the JSON blocks there.
 */
export interface Permission {
  actions: string[];
  notActions: string[];
  dataActions: string[];
  notDataActions: string[];
}

export interface BuiltInRole {
  id: string;
  roleName: string;
  description: string;
  permissions: Permission[];
}

const perm = (
  actions: string[],
  dataActions: string[] = [],
  notActions: string[] = [],
  notDataActions: string[] = [],
): Permission => ({
  actions,
  notActions,
  dataActions,
  notDataActions,
});

const RBAC_ACTIONS = [
  'Microsoft.Authorization/*/read',
  'Microsoft.Resources/subscriptions/operationresults/read',
  'Microsoft.Resources/subscriptions/read',
  'Microsoft.Resources/subscriptions/resourceGroups/read',
];
const MC = 'Microsoft.ContainerService/managedClusters';

const READER_DATA = [
  'apps/controllerrevisions/read',
  'apps/daemonsets/read',
  'apps/deployments/read',
  'apps/replicasets/read',
  'apps/statefulsets/read',
  'autoscaling/horizontalpodautoscalers/read',
  'batch/cronjobs/read',
  'batch/jobs/read',
  'configmaps/read',
  'discovery.k8s.io/endpointslices/read',
  'endpoints/read',
  'events.k8s.io/events/read',
  'events/read',
  'extensions/daemonsets/read',
  'extensions/deployments/read',
  'extensions/ingresses/read',
  'extensions/networkpolicies/read',
  'extensions/replicasets/read',
  'limitranges/read',
  'metrics.k8s.io/pods/read',
  'metrics.k8s.io/nodes/read',
  'namespaces/read',
  'networking.k8s.io/ingresses/read',
  'networking.k8s.io/networkpolicies/read',
  'persistentvolumeclaims/read',
  'pods/read',
  'policy/poddisruptionbudgets/read',
  'replicationcontrollers/read',
  'resourcequotas/read',
  'serviceaccounts/read',
  'services/read',
].map(a => `${MC}/${a}`);

const WRITER_DATA = [
  'apps/controllerrevisions/read',
  'apps/daemonsets/*',
  'apps/deployments/*',
  'apps/replicasets/*',
  'apps/statefulsets/*',
  'autoscaling/horizontalpodautoscalers/*',
  'batch/cronjobs/*',
  'coordination.k8s.io/leases/read',
  'coordination.k8s.io/leases/write',
  'coordination.k8s.io/leases/delete',
  'discovery.k8s.io/endpointslices/read',
  'batch/jobs/*',
  'configmaps/*',
  'endpoints/*',
  'events.k8s.io/events/read',
  'events/*',
  'extensions/daemonsets/*',
  'extensions/deployments/*',
  'extensions/ingresses/*',
  'extensions/networkpolicies/*',
  'extensions/replicasets/*',
  'limitranges/read',
  'metrics.k8s.io/pods/read',
  'metrics.k8s.io/nodes/read',
  'namespaces/read',
  'networking.k8s.io/ingresses/*',
  'networking.k8s.io/networkpolicies/*',
  'persistentvolumeclaims/*',
  'pods/*',
  'policy/poddisruptionbudgets/*',
  'replicationcontrollers/*',
  'resourcequotas/read',
  'secrets/*',
  'serviceaccounts/*',
  'services/*',
].map(a => `${MC}/${a}`);

export const BUILT_IN_ROLES: readonly BuiltInRole[] = [
  {
    id: '8e3af657-a8ff-443c-a75c-2fe8c4bcb635',
    roleName: 'Owner',
    description:
      'Grants full access to manage all resources, including the ability to assign roles in Azure RBAC.',
    permissions: [perm(['*'])],
  },
  {
    id: 'b24988ac-6180-42a0-ab88-20f7382dd24c',
    roleName: 'Contributor',
    description:
      'Grants full access to manage all resources, but does not allow you to assign roles in Azure RBAC, manage assignments in Azure Blueprints, or share image galleries.',
    permissions: [
      perm(
        ['*'],
        [],
        [
          'Microsoft.Authorization/*/Delete',
          'Microsoft.Authorization/*/Write',
          'Microsoft.Authorization/elevateAccess/Action',
          'Microsoft.Blueprint/blueprintAssignments/write',
          'Microsoft.Blueprint/blueprintAssignments/delete',
          'Microsoft.Compute/galleries/share/action',
          'Microsoft.Purview/consents/write',
          'Microsoft.Purview/consents/delete',
          'Microsoft.Resources/deploymentStacks/manageDenySetting/action',
          'Microsoft.Subscription/cancel/action',
          'Microsoft.Subscription/enable/action',
        ],
      ),
    ],
  },
  {
    id: 'acdd72a7-3385-48ef-bd42-f606fba81ae7',
    roleName: 'Reader',
    description:
      'View all resources, but does not allow you to make any changes.',
    permissions: [perm(['*/read'])],
  },
  {
    id: '18d7d88d-d35e-4fb5-a5c3-7773c20a72d9',
    roleName: 'User Access Administrator',
    description: 'Lets you manage user access to Azure resources.',
    permissions: [
      perm(['*/read', 'Microsoft.Authorization/*', 'Microsoft.Support/*']),
    ],
  },
  {
    id: 'f58310d9-a9f6-439a-9e8d-f62e7b41a168',
    roleName: 'Role Based Access Control Administrator',
    description:
      'Manage access to Azure resources by assigning roles using Azure RBAC. This role does not allow you to manage access using other ways, such as Azure Policy.',
    permissions: [
      perm([
        'Microsoft.Authorization/roleAssignments/write',
        'Microsoft.Authorization/roleAssignments/delete',
        '*/read',
        'Microsoft.Support/*',
      ]),
    ],
  },
  {
    id: '0ab0b1a8-8aac-4efd-b8c2-3ee1fb270be8',
    roleName: 'Azure Kubernetes Service Cluster Admin Role',
    description: 'List cluster admin credential action.',
    permissions: [
      perm([
        `${MC}/listClusterAdminCredential/action`,
        `${MC}/accessProfiles/listCredential/action`,
        `${MC}/read`,
        `${MC}/runcommand/action`,
      ]),
    ],
  },
  {
    id: '4abbcc35-e782-43d8-92c5-2d3f1bd2253f',
    roleName: 'Azure Kubernetes Service Cluster User Role',
    description: 'List cluster user credential action.',
    permissions: [
      perm([`${MC}/listClusterUserCredential/action`, `${MC}/read`]),
    ],
  },
  {
    id: 'ed7f3fbd-7b88-4dd4-9017-9adb7ce333f8',
    roleName: 'Azure Kubernetes Service Contributor Role',
    description:
      'Grants access to read and write Azure Kubernetes Service clusters',
    permissions: [
      perm([
        'Microsoft.Authorization/*/read',
        'Microsoft.ContainerService/locations/*',
        `${MC}/*`,
        'Microsoft.ContainerService/managedclustersnapshots/*',
        'Microsoft.ContainerService/snapshots/*',
        'Microsoft.Insights/alertRules/*',
        'Microsoft.Resources/deployments/*',
        'Microsoft.Resources/subscriptions/resourceGroups/read',
      ]),
    ],
  },
  {
    id: '3498e952-d568-435e-9b2c-8d77e338d7f7',
    roleName: 'Azure Kubernetes Service RBAC Admin',
    description:
      'Lets you manage all resources under cluster/namespace, except update or delete resource quotas and namespaces.',
    permissions: [
      perm(
        [...RBAC_ACTIONS, `${MC}/listClusterUserCredential/action`],
        [`${MC}/*`],
        [],
        [
          `${MC}/resourcequotas/write`,
          `${MC}/resourcequotas/delete`,
          `${MC}/namespaces/write`,
          `${MC}/namespaces/delete`,
        ],
      ),
    ],
  },
  {
    id: 'b1ff04bb-8a4e-4dc4-8eb5-8693973ce19b',
    roleName: 'Azure Kubernetes Service RBAC Cluster Admin',
    description: 'Lets you manage all resources in the cluster.',
    permissions: [
      perm(
        [...RBAC_ACTIONS, `${MC}/listClusterUserCredential/action`],
        [`${MC}/*`],
      ),
    ],
  },
  {
    id: '7f6c6a51-bcf8-42ba-9220-52d62157d7db',
    roleName: 'Azure Kubernetes Service RBAC Reader',
    description:
      'Allows read-only access to see most objects in a namespace. It does not allow viewing roles or role bindings. This role does not allow viewing Secrets, since reading the contents of Secrets enables access to ServiceAccount credentials in the namespace, which would allow API access as any ServiceAccount in the namespace (a form of privilege escalation). Applying this role at cluster scope will give access across all namespaces.',
    permissions: [perm([...RBAC_ACTIONS], READER_DATA)],
  },
  {
    id: 'a7ffa36f-339b-4b5c-8bdf-e2c188b2c0eb',
    roleName: 'Azure Kubernetes Service RBAC Writer',
    description:
      'Allows read/write access to most objects in a namespace.This role does not allow viewing or modifying roles or role bindings. However, this role allows accessing Secrets and running Pods as any ServiceAccount in the namespace, so it can be used to gain the API access levels of any ServiceAccount in the namespace. Applying this role at cluster scope will give access across all namespaces.',
    permissions: [perm([...RBAC_ACTIONS], WRITER_DATA)],
  },
  // Roles AKS set-ups commonly grant to a cluster's or kubelet's identity
  // (networking.md, containers.md, identity.md, monitor.md, security.md, storage.md).
  {
    id: '4d97b98b-1d4f-4787-a291-c67834d212e7',
    roleName: 'Network Contributor',
    description: 'Lets you manage networks, but not access to them.',
    permissions: [
      perm([
        'Microsoft.Authorization/*/read',
        'Microsoft.Insights/alertRules/*',
        'Microsoft.Network/*',
        'Microsoft.ResourceHealth/availabilityStatuses/read',
        'Microsoft.Resources/deployments/*',
        'Microsoft.Resources/subscriptions/resourceGroups/read',
        'Microsoft.Support/*',
      ]),
    ],
  },
  {
    id: 'b12aa53e-6015-4669-85d0-8515ebb3ae7f',
    roleName: 'Private DNS Zone Contributor',
    description:
      'Lets you manage private DNS zone resources, but not the virtual networks they are linked to.',
    permissions: [
      perm([
        'Microsoft.Authorization/*/read',
        'Microsoft.Insights/alertRules/*',
        'Microsoft.Network/privateDnsZones/*',
        'Microsoft.Network/privateDnsOperationResults/*',
        'Microsoft.Network/privateDnsOperationStatuses/*',
        'Microsoft.Network/virtualNetworks/read',
        'Microsoft.Network/virtualNetworks/join/action',
        'Microsoft.Resources/deployments/*',
        'Microsoft.Resources/subscriptions/resourceGroups/read',
        'Microsoft.Support/*',
      ]),
    ],
  },
  {
    id: '7f951dda-4ed3-4680-a7ca-43fe172d538d',
    roleName: 'AcrPull',
    description: 'acr pull',
    permissions: [perm(['Microsoft.ContainerRegistry/registries/pull/read'])],
  },
  {
    id: '8311e382-0749-4cb8-b61a-304f252e45ec',
    roleName: 'AcrPush',
    description: 'acr push',
    permissions: [
      perm([
        'Microsoft.ContainerRegistry/registries/pull/read',
        'Microsoft.ContainerRegistry/registries/push/write',
      ]),
    ],
  },
  {
    id: 'f1a07417-d97a-45cb-824c-7a7467783830',
    roleName: 'Managed Identity Operator',
    description: 'Read and Assign User Assigned Identity',
    permissions: [
      perm([
        'Microsoft.ManagedIdentity/userAssignedIdentities/*/read',
        'Microsoft.ManagedIdentity/userAssignedIdentities/*/assign/action',
        'Microsoft.Authorization/*/read',
        'Microsoft.Insights/alertRules/*',
        'Microsoft.Resources/subscriptions/resourceGroups/read',
        'Microsoft.Resources/deployments/*',
        'Microsoft.Support/*',
      ]),
    ],
  },
  {
    id: '3913510d-42f4-4e42-8a64-420c390055eb',
    roleName: 'Monitoring Metrics Publisher',
    description: 'Enables publishing metrics against Azure resources',
    permissions: [
      perm(
        [
          'Microsoft.Insights/Register/Action',
          'Microsoft.Support/*',
          'Microsoft.Resources/subscriptions/resourceGroups/read',
        ],
        [
          'Microsoft.Insights/Metrics/Write',
          'Microsoft.Insights/Telemetry/Write',
        ],
      ),
    ],
  },
  {
    id: '4633458b-17de-408a-b874-0445c86b69e6',
    roleName: 'Key Vault Secrets User',
    description:
      "Read secret contents. Only works for key vaults that use the 'Azure role-based access control' permission model.",
    permissions: [
      perm(
        [],
        [
          'Microsoft.KeyVault/vaults/secrets/getSecret/action',
          'Microsoft.KeyVault/vaults/secrets/readMetadata/action',
        ],
      ),
    ],
  },
  {
    id: '2a2b9908-6ea1-4ae2-8e65-a410df84e7d1',
    roleName: 'Storage Blob Data Reader',
    description:
      'Allows for read access to Azure Storage blob containers and data',
    permissions: [
      perm(
        [
          'Microsoft.Storage/storageAccounts/blobServices/containers/read',
          'Microsoft.Storage/storageAccounts/blobServices/generateUserDelegationKey/action',
        ],
        [
          'Microsoft.Storage/storageAccounts/blobServices/containers/blobs/read',
        ],
      ),
    ],
  },
];

export function findBuiltInRole(id: string): BuiltInRole | undefined {
  const lower = id.toLowerCase();
  return BUILT_IN_ROLES.find(r => r.id === lower);
}
