/**
 * Built-in Azure Policy definitions and initiatives, from the Azure/azure-policy
 * repository: built-in-policies/policyDefinitions/Kubernetes/ContainerNoPrivilege.json
 * (commit 0ab98832), built-in-policies/policySetDefinitions/Kubernetes/PSPBaselineStandard.json
 * and PSPRestrictedStandard.json (commit 8f5ad30e). Ids, names, versions,
 * parameters (types, allowedValues, defaults) and member definitions are
 * copied; the JSON schemas of object parameters and the display metadata of
 * the member definitions are left out.
 */
export interface PolicyParameter {
  type:
    | 'String'
    | 'Array'
    | 'Object'
    | 'Boolean'
    | 'Integer'
    | 'Float'
    | 'DateTime';
  metadata: { displayName: string; description?: string };
  allowedValues?: unknown[];
  defaultValue?: unknown;
}

export interface BuiltInPolicy {
  kind: 'policyDefinition' | 'policySetDefinition';
  /** The definition's name (a GUID for built-ins). */
  name: string;
  properties: {
    displayName: string;
    policyType: 'BuiltIn';
    mode?: string;
    description: string;
    metadata: { version: string; category: string };
    version: string;
    parameters: Record<string, PolicyParameter>;
    policyRule?: unknown;
    policyDefinitions?: unknown[];
    versions: string[];
  };
}

const EFFECT = (
  defaultValue: string,
  description: string,
): PolicyParameter => ({
  type: 'String',
  metadata: { displayName: 'Effect', description },
  allowedValues: ['audit', 'Audit', 'deny', 'Deny', 'disabled', 'Disabled'],
  defaultValue,
});

const NAMESPACES: PolicyParameter = {
  type: 'Array',
  metadata: {
    displayName: 'Namespace inclusions',
    description:
      'List of Kubernetes namespaces to only include in policy evaluation. An empty list means the policy is applied to all resources in all namespaces.',
  },
  defaultValue: [],
};

const PSP_EXCLUDED: PolicyParameter = {
  type: 'Array',
  metadata: {
    displayName: 'Namespace exclusions',
    description:
      'List of Kubernetes namespaces to exclude from policy evaluation.',
  },
  defaultValue: [
    'kube-system',
    'gatekeeper-system',
    'azure-arc',
    'azure-extensions-usage-system',
  ],
};

const CAPABILITIES = [
  'CHOWN',
  'DAC_OVERRIDE',
  'FSETID',
  'FOWNER',
  'MKNOD',
  'NET_RAW',
  'SETGID',
  'SETUID',
  'SETFCAP',
  'SETPCAP',
  'NET_BIND_SERVICE',
  'SYS_CHROOT',
  'KILL',
  'AUDIT_WRITE',
];

const member = (
  id: string,
  definitionVersion: string,
  policyDefinitionReferenceId: string,
  parameters: Record<string, unknown>,
) => ({
  policyDefinitionId: `/providers/Microsoft.Authorization/policyDefinitions/${id}`,
  definitionVersion,
  policyDefinitionReferenceId,
  parameters: Object.fromEntries(
    Object.entries(parameters).map(([k, value]) => [k, { value }]),
  ),
});
const common = {
  effect: "[parameters('effect')]",
  excludedNamespaces: "[parameters('excludedNamespaces')]",
  namespaces: "[parameters('namespaces')]",
};
const hostNetwork = member(
  '82985f06-dc18-4a48-bc1c-b9f4f0098cfe',
  '6.*.*',
  'BlockUsingHostNetwork',
  {
    ...common,
    allowHostNetwork: false,
    minPort: 0,
    maxPort: 0,
  },
);
const hostPid = member(
  '47a1ee2f-2a2a-4576-bf2a-e0e36709c2b8',
  '5.*.*',
  'BlockUsingHostProcessIDAndIPC',
  common,
);
const noPrivileged = member(
  '95edb821-ddaf-4404-9732-666045e056b4',
  '9.*.*',
  'NoPrivilegedContainers',
  common,
);

export const BUILT_IN_POLICIES: readonly BuiltInPolicy[] = [
  {
    kind: 'policyDefinition',
    name: '95edb821-ddaf-4404-9732-666045e056b4',
    properties: {
      displayName: 'Kubernetes cluster should not allow privileged containers',
      policyType: 'BuiltIn',
      mode: 'Microsoft.Kubernetes.Data',
      description:
        'Do not allow privileged containers creation in a Kubernetes cluster. This recommendation is part of CIS 5.2.1 which is intended to improve the security of your Kubernetes environments. This policy is generally available for Kubernetes Service (AKS), and preview for AKS Engine and Azure Arc enabled Kubernetes. For more information, see https://aka.ms/kubepolicydoc.',
      metadata: { version: '7.2.0', category: 'Kubernetes' },
      version: '7.2.0',
      parameters: {
        effect: EFFECT(
          'Deny',
          "'Audit' allows a non-compliant resource to be created, but flags it as non-compliant. 'Deny' blocks the resource creation. 'Disable' turns off the policy.",
        ),
        excludedNamespaces: {
          type: 'Array',
          metadata: {
            displayName: 'Namespace exclusions',
            description:
              'List of Kubernetes namespaces to exclude from policy evaluation. System namespaces "kube-system", "gatekeeper-system" and "azure-arc" are always excluded by design.',
          },
          defaultValue: ['kube-system', 'gatekeeper-system', 'azure-arc'],
        },
        namespaces: NAMESPACES,
        labelSelector: {
          type: 'Object',
          metadata: {
            displayName: 'Kubernetes label selector',
            description:
              'Label query to select Kubernetes resources for policy evaluation. An empty label selector matches all Kubernetes resources.',
          },
          defaultValue: {},
        },
        excludedContainers: {
          type: 'Array',
          metadata: {
            displayName: 'Containers exclusions',
            description:
              'The list of InitContainers and Containers to exclude from policy evaluation. The identify is the name of container. Use an empty list to apply this policy to all containers in all namespaces.',
          },
          defaultValue: [],
        },
        excludedImages: {
          type: 'Array',
          metadata: {
            displayName: 'Image exclusions',
            description:
              'The list of InitContainers and Containers to exclude from policy evaluation. The identifier is the image of container. Prefix-matching can be signified with `*`. For example: `myregistry.azurecr.io/istio:*`. It is recommended that users use the fully-qualified Docker image name (e.g. start with a domain name) in order to avoid unexpectedly exempting images from an untrusted repository.',
          },
          defaultValue: [],
        },
      },
      policyRule: {
        if: {
          field: 'type',
          in: [
            'AKS Engine',
            'Microsoft.Kubernetes/connectedClusters',
            'Microsoft.ContainerService/managedClusters',
          ],
        },
        then: {
          effect: "[parameters('effect')]",
          details: {
            constraintTemplate:
              'https://store.policy.core.windows.net/kubernetes/container-no-privilege/v2/template.yaml',
            constraint:
              'https://store.policy.core.windows.net/kubernetes/container-no-privilege/v2/constraint.yaml',
            excludedNamespaces: "[parameters('excludedNamespaces')]",
            namespaces: "[parameters('namespaces')]",
            labelSelector: "[parameters('labelSelector')]",
            values: {
              excludedContainers: "[parameters('excludedContainers')]",
              excludedImages: "[parameters('excludedImages')]",
            },
          },
        },
      },
      versions: ['7.2.0'],
    },
  },
  {
    kind: 'policySetDefinition',
    name: 'a8640138-9b0a-4a28-b8cb-1666c838647d',
    properties: {
      displayName:
        'Kubernetes cluster pod security baseline standards for Linux-based workloads',
      policyType: 'BuiltIn',
      description:
        'This initiative includes the policies for the Kubernetes cluster pod security baseline standards. This policy is generally available for Kubernetes Service (AKS), and preview for Azure Arc enabled Kubernetes. For instructions on using this policy, visit https://aka.ms/kubepolicydoc.',
      metadata: { version: '1.4.0', category: 'Kubernetes' },
      version: '1.4.0',
      parameters: {
        effect: EFFECT(
          'Audit',
          "'Audit' allows a non-compliant resource to be created or updated, but flags it as non-compliant. 'Deny' blocks the non-compliant resource creation or update. 'Disabled' turns off the policy.",
        ),
        excludedNamespaces: PSP_EXCLUDED,
        namespaces: NAMESPACES,
        allowedHostPaths: {
          type: 'Object',
          metadata: {
            displayName: 'Allowed host paths',
            description:
              'The host paths allowed for pod hostPath volumes to use. Provide an empty paths list to block all host paths.',
          },
          defaultValue: { paths: [] },
        },
      },
      policyDefinitions: [
        noPrivileged,
        hostNetwork,
        hostPid,
        member(
          'c26596ff-4d70-4e6a-9a30-c2506bd2f80c',
          '6.*.*',
          'ContainerCapabilities',
          {
            ...common,
            allowedCapabilities: CAPABILITIES,
            requiredDropCapabilities: [],
          },
        ),
        member(
          '098fc59e-46c7-4d99-9b16-64990e543d75',
          '6.*.*',
          'NoHostPathVolume',
          {
            ...common,
            allowedHostPaths: "[parameters('allowedHostPaths')]",
          },
        ),
      ],
      versions: ['1.4.0'],
    },
  },
  {
    kind: 'policySetDefinition',
    name: '42b8ef37-b724-4e24-bbc8-7a7708edfe00',
    properties: {
      displayName:
        'Kubernetes cluster pod security restricted standards for Linux-based workloads',
      policyType: 'BuiltIn',
      description:
        'This initiative includes the policies for the Kubernetes cluster pod security restricted standards. This policy is generally available for Kubernetes Service (AKS), and preview for Azure Arc enabled Kubernetes. For instructions on using this policy, visit https://aka.ms/kubepolicydoc.',
      metadata: { version: '2.5.0', category: 'Kubernetes' },
      version: '2.5.0',
      parameters: {
        effect: EFFECT(
          'Audit',
          "'Audit' allows a non-compliant resource to be created or updated, but flags it as non-compliant. 'Deny' blocks the non-compliant resource creation or update. 'Disabled' turns off the policy.",
        ),
        excludedNamespaces: PSP_EXCLUDED,
        namespaces: NAMESPACES,
        allowedCapabilities: {
          type: 'Array',
          metadata: {
            displayName: 'Allowed add capabilities',
            description:
              'The list of capabilities that are allowed to be added to a container.',
          },
          defaultValue: CAPABILITIES,
        },
        requiredDropCapabilities: {
          type: 'Array',
          metadata: {
            displayName: 'Required drop capabilities',
            description:
              'The list of capabilities that must be dropped by a container.',
          },
          defaultValue: [],
        },
      },
      policyDefinitions: [
        noPrivileged,
        member(
          '1c6e92c9-99f0-4e55-9cf2-0c234dc48f99',
          '7.*.*',
          'NoPrivilegeEscalation',
          common,
        ),
        hostNetwork,
        hostPid,
        member(
          'c26596ff-4d70-4e6a-9a30-c2506bd2f80c',
          '6.*.*',
          'ContainerCapabilities',
          {
            ...common,
            allowedCapabilities: "[parameters('allowedCapabilities')]",
            requiredDropCapabilities:
              "[parameters('requiredDropCapabilities')]",
          },
        ),
        member(
          '16697877-1118-4fb1-9b65-9898ec2509ec',
          '5.*.*',
          'AllowedVolumeTypes',
          {
            ...common,
            allowedVolumeTypes: [
              'configMap',
              'csi',
              'downwardAPI',
              'emptyDir',
              'ephemeral',
              'persistentVolumeClaim',
              'projected',
              'secret',
            ],
          },
        ),
        member(
          'f06ddb64-5fa3-4b77-b166-acb36f7f6042',
          '6.*.*',
          'AllowedUsersGroups',
          {
            ...common,
            runAsUserRule: 'MustRunAsNonRoot',
            runAsUserRanges: { ranges: [] },
            runAsGroupRule: 'MustRunAs',
            runAsGroupRanges: { ranges: [{ min: 1, max: 65535 }] },
            supplementalGroupsRule: 'MustRunAs',
            supplementalGroupsRanges: { ranges: [{ min: 1, max: 65535 }] },
            fsGroupRule: 'MustRunAs',
            fsGroupRanges: { ranges: [{ min: 1, max: 65535 }] },
          },
        ),
        member(
          '975ce327-682c-4f2e-aa46-b9598289b86c',
          '7.*.*',
          'AllowedSeccompProfiles',
          {
            ...common,
            allowedProfiles: ['runtime/default', 'docker/default'],
          },
        ),
      ],
      versions: ['2.5.0', '2.4.0'],
    },
  },
];

export function findBuiltInPolicy(
  kind: BuiltInPolicy['kind'],
  name: string,
): BuiltInPolicy | undefined {
  const lower = name.toLowerCase();
  return BUILT_IN_POLICIES.find(p => p.kind === kind && p.name === lower);
}
