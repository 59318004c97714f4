/**
 * Azure built-in definitions the engine assigns, with where each id comes
 * from. Ids are the same in every tenant.
 */

/** Azure built-in roles (MicrosoftDocs azure-docs, role-based-access-control/built-in-roles/containers.md). */
export const BUILT_IN_ROLES = {
  /** Azure Kubernetes Service RBAC Reader: read most objects, no secrets. */
  aksRbacReader: '7f6c6a51-bcf8-42ba-9220-52d62157d7db',
  /** Azure Kubernetes Service RBAC Admin: everything in a namespace but quotas and the namespace itself. */
  aksRbacAdmin: '3498e952-d568-435e-9b2c-8d77e338d7f7',
  /** Azure Kubernetes Service RBAC Cluster Admin: everything in the cluster. */
  aksRbacClusterAdmin: 'b1ff04bb-8a4e-4dc4-8eb5-8693973ce19b',
  /** Azure Kubernetes Service Cluster User Role: fetch the cluster's (Entra ID) kubeconfig. */
  aksClusterUser: '4abbcc35-e782-43d8-92c5-2d3f1bd2253f',
} as const;

/** Display names of the built-in roles, for people. */
export const BUILT_IN_ROLE_NAMES: Record<string, string> = {
  [BUILT_IN_ROLES.aksRbacReader]: 'Azure Kubernetes Service RBAC Reader',
  [BUILT_IN_ROLES.aksRbacAdmin]: 'Azure Kubernetes Service RBAC Admin',
  [BUILT_IN_ROLES.aksRbacClusterAdmin]:
    'Azure Kubernetes Service RBAC Cluster Admin',
  [BUILT_IN_ROLES.aksClusterUser]: 'Azure Kubernetes Service Cluster User Role',
};

/** Azure Policy built-ins (Azure/azure-policy, built-in-policies/). */
export const BUILT_IN_POLICIES = {
  /** "Kubernetes cluster should not allow privileged containers" (policyDefinitions/Kubernetes/ContainerNoPrivilege.json). */
  noPrivilegedContainers:
    '/providers/Microsoft.Authorization/policyDefinitions/95edb821-ddaf-4404-9732-666045e056b4',
  /** "Kubernetes cluster pod security baseline standards for Linux-based workloads" (policySetDefinitions/Kubernetes/PSPBaselineStandard.json). */
  podSecurityBaseline:
    '/providers/Microsoft.Authorization/policySetDefinitions/a8640138-9b0a-4a28-b8cb-1666c838647d',
  /** "Kubernetes cluster pod security restricted standards for Linux-based workloads" (policySetDefinitions/Kubernetes/PSPRestrictedStandard.json). */
  podSecurityRestricted:
    '/providers/Microsoft.Authorization/policySetDefinitions/42b8ef37-b724-4e24-bbc8-7a7708edfe00',
} as const;
