import type { PlatformSettings } from '../config/readCompleteClustersConfig';
import { BUILT_IN_POLICIES } from './builtIns';
import {
  extensionId,
  FLUX_EXTENSION_NAME,
  fluxConfiguration,
  fluxConfigurationId,
  kustomization,
  platformPath,
  platformRepository,
} from './flux';
import { sdkScope } from './types';
import type { PlannedComponent, PlanInput } from './types';

/** The name of the platform's own Flux configuration on every cluster. */
export const PLATFORM_FLUX_CONFIGURATION = 'complete-clusters-platform';

export const FLUX_EXTENSION_KEY = 'platform:flux';
export const PLATFORM_CONFIGURATION_KEY = 'platform:namespaces';

function assignment(
  input: PlanInput,
  key: string,
  name: string,
  title: string,
  policyDefinitionId: string,
  description: string,
  message: string,
): PlannedComponent {
  const scope = input.azure.resourceId;
  return {
    key,
    layer: 'policies',
    phase: 'Policies',
    kind: 'policyAssignment',
    name: title,
    description,
    azureId: `${scope}/providers/Microsoft.Authorization/policyAssignments/${name}`,
    dependsOn: [],
    call: {
      kind: 'policyAssignment',
      scope: sdkScope(scope),
      name,
      body: {
        displayName: `${title} (${input.name})`,
        description,
        policyDefinitionId,
        parameters: { effect: { value: 'Deny' } },
        enforcementMode: 'Default',
        metadata: {
          assignedBy: 'Complete Clusters',
          template: input.templateRef,
          templateVersion: input.templateVersion,
        },
        nonComplianceMessages: [{ message }],
      },
    },
  };
}

/**
 * Pod security as Azure Policy enforces it on the cluster (the Azure Policy
 * add-on is enabled in the cluster's own PUT): the built-in "no privileged
 * containers" policy, and the Pod Security Standards initiative of the
 * template's level, both with effect Deny.
 */
export function podSecurityComponents(input: PlanInput): PlannedComponent[] {
  const level = input.spec.policies.podSecurity;
  if (level === 'privileged') return [];
  const template = input.templateRef;
  return [
    assignment(
      input,
      'policy:no-privileged-containers',
      'cc-no-privileged-containers',
      'No privileged containers',
      BUILT_IN_POLICIES.noPrivilegedContainers,
      'Azure Policy built-in "Kubernetes cluster should not allow privileged containers", effect Deny',
      `Privileged containers are not allowed on clusters made from ${template}.`,
    ),
    assignment(
      input,
      `policy:pod-security-${level}`,
      `cc-pod-security-${level}`,
      `Pod Security Standard ${level}`,
      level === 'restricted'
        ? BUILT_IN_POLICIES.podSecurityRestricted
        : BUILT_IN_POLICIES.podSecurityBaseline,
      `Azure Policy built-in initiative "Kubernetes cluster pod security ${level} standards for Linux-based workloads", effect Deny`,
      `Pods on clusters made from ${template} must meet the ${level} Pod Security Standard.`,
    ),
  ];
}

/** Every namespace the template uses: its applications' and its role bindings'. */
export function templateNamespaces(input: PlanInput): string[] {
  const { spec } = input;
  const names = [
    ...spec.applications
      .filter(a => a.source.type !== 'aks-addon' && a.namespace)
      .map(a => a.namespace!),
    ...spec.policies.access.roleBindings.flatMap(b =>
      'namespace' in b.scope ? [b.scope.namespace] : [],
    ),
  ];
  return [...new Set(names)];
}

/**
 * The GitOps engine and the platform's own Flux configuration: every
 * namespace of the template created with its Pod Security Standard enforced
 * by Kubernetes admission, and, where the template denies network traffic by
 * default, with a default-deny ingress policy. It comes before any
 * application, so no application pod ever runs outside these rules.
 */
export function platformComponents(
  input: PlanInput,
  platform: PlatformSettings,
): PlannedComponent[] {
  const { azure, name: clusterName, spec } = input;
  const clusterId = azure.resourceId;
  const deny = spec.policies.networkDefault === 'deny';
  const components: PlannedComponent[] = [
    {
      key: FLUX_EXTENSION_KEY,
      layer: 'policies',
      phase: 'Policies',
      kind: 'extension',
      name: 'GitOps (Flux)',
      description:
        "AKS cluster extension microsoft.flux, which applies the platform's policies and the applications from git",
      azureId: extensionId(clusterId, FLUX_EXTENSION_NAME),
      dependsOn: [],
      call: {
        kind: 'extension',
        resourceGroup: azure.resourceGroup,
        clusterName,
        name: FLUX_EXTENSION_NAME,
        body: {
          extensionType: 'microsoft.flux',
          autoUpgradeMinorVersion: true,
          releaseTrain: 'Stable',
          scope: { cluster: { releaseNamespace: 'flux-system' } },
        },
      },
    },
  ];
  const namespaces = templateNamespaces(input);
  if (namespaces.length > 0) {
    const folder = deny
      ? 'platform/namespace-deny-by-default'
      : 'platform/namespace';
    const kustomizations = Object.fromEntries(
      namespaces.map(ns => [
        `ns-${ns}`,
        kustomization(platformPath(platform, folder), {
          target_namespace: ns,
          pod_security: spec.policies.podSecurity,
        }),
      ]),
    );
    components.push({
      key: PLATFORM_CONFIGURATION_KEY,
      layer: 'policies',
      phase: 'Policies',
      kind: 'fluxConfiguration',
      name: deny
        ? 'Namespaces, pod security and default-deny network'
        : 'Namespaces and pod security',
      description: `Flux configuration ${PLATFORM_FLUX_CONFIGURATION}: namespaces ${namespaces.join(
        ', ',
      )} with Pod Security Standard ${spec.policies.podSecurity} enforced${
        deny
          ? ' and network traffic from other namespaces denied by default'
          : ''
      }`,
      azureId: fluxConfigurationId(clusterId, PLATFORM_FLUX_CONFIGURATION),
      dependsOn: [FLUX_EXTENSION_KEY],
      call: {
        kind: 'fluxConfiguration',
        resourceGroup: azure.resourceGroup,
        clusterName,
        name: PLATFORM_FLUX_CONFIGURATION,
        body: fluxConfiguration(
          platform,
          platformRepository(platform),
          kustomizations,
        ),
      },
    });
  }
  return components;
}
