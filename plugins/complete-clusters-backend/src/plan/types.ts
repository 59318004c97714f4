import type {
  RoleAssignmentCreateParameters,
  RoleDefinition,
} from '@azure/arm-authorization';
import type {
  Extension,
  FluxConfiguration,
} from '@azure/arm-kubernetesconfiguration';
import type { PolicyAssignment } from '@azure/arm-policy';
import type {
  ComponentKind,
  ComponentLayer,
} from '@complete-clusters/plugin-complete-clusters-common';
import type { ClusterRecord } from '../database/types';

/**
 * What a plan is made from: the recorded cluster (template spec with the answers, ids, principals).
 *
 * @public
 */
export type PlanInput = Pick<
  ClusterRecord,
  | 'name'
  | 'spec'
  | 'azure'
  | 'principals'
  | 'requestedBy'
  | 'ownerRef'
  | 'templateRef'
  | 'templateVersion'
>;

/** An AKS add-on the engine checks on the managed cluster (it is set in the cluster's own PUT). */
export type AddonCheck = 'omsagent' | 'azurepolicy' | 'managedPrometheus';

/**
 * A scope as the Authorization and Policy SDKs take it: an ARM id without its
 * leading slash (their URL templates are `/{scope}/providers/...`, so a
 * leading slash would put `//` on the wire).
 */
export function sdkScope(armId: string): string {
  return armId.replace(/^\/+/, '');
}

/** The one Azure Resource Manager call that installs a component, with its exact body. */
export type AzureCall =
  | {
      kind: 'policyAssignment';
      scope: string;
      name: string;
      body: PolicyAssignment;
    }
  | {
      kind: 'roleDefinition';
      scope: string;
      roleDefinitionId: string;
      body: RoleDefinition;
    }
  | {
      kind: 'roleAssignment';
      scope: string;
      name: string;
      body: RoleAssignmentCreateParameters;
    }
  | {
      kind: 'extension';
      resourceGroup: string;
      clusterName: string;
      name: string;
      body: Extension;
    }
  | {
      kind: 'fluxConfiguration';
      resourceGroup: string;
      clusterName: string;
      name: string;
      body: FluxConfiguration;
    }
  | {
      kind: 'addon';
      resourceGroup: string;
      clusterName: string;
      addon: AddonCheck;
    };

/** One policy or application of a cluster, and how the engine installs it. */
export interface PlannedComponent {
  /** Stable id within the cluster, e.g. `application:redis`. */
  key: string;
  layer: ComponentLayer;
  /** The phase that installs it. */
  phase: 'Policies' | 'Applications';
  kind: ComponentKind;
  /** The application or policy, for people. */
  name: string;
  /** What it is, in plain words. */
  description: string;
  version?: string;
  /** ARM id of the Azure resource that carries it. */
  azureId: string;
  /** Keys of the components that must be installed first. */
  dependsOn: string[];
  call: AzureCall;
  /** For a role assignment: who it grants which role, and why (e.g. `member of group:default/team-ai`). */
  grant?: { ref: string; roleName: string; where: string; because: string };
}
