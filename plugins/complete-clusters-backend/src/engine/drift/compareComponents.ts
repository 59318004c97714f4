import type { RoleAssignment } from '@azure/arm-authorization';
import type {
  Extension,
  FluxConfiguration,
} from '@azure/arm-kubernetesconfiguration';
import type { PolicyAssignment } from '@azure/arm-policy';
import type { DriftItem } from '@complete-clusters/plugin-complete-clusters-common';
import type { PlannedComponent } from '../../plan/types';

/** What a subscription-wide list of role and policy assignments says, by lower-cased ARM id. */
export interface AssignmentsInAzure {
  roleAssignments: Map<string, RoleAssignment>;
  policyAssignments: Map<string, PolicyAssignment>;
}

const lower = (id: string | undefined) => (id ?? '').toLowerCase();
const tail = (id: string | undefined) => lower(id).split('/').pop();

function item(
  c: PlannedComponent,
  expected: string,
  actual: string,
): DriftItem {
  return { layer: c.layer, field: c.name, expected, actual, component: c.key };
}

/**
 * Role and policy assignments the plan has that Azure no longer has as
 * installed: removed, pointed at another role or principal, or no longer
 * enforced. From subscription-wide lists, no read per cluster.
 */
export function compareAssignments(
  plan: PlannedComponent[],
  azure: AssignmentsInAzure,
): DriftItem[] {
  const items: DriftItem[] = [];
  for (const c of plan) {
    if (c.call.kind === 'roleAssignment') {
      const found = azure.roleAssignments.get(lower(c.azureId));
      if (!found) items.push(item(c, 'granted', 'missing'));
      else if (
        tail(found.roleDefinitionId) !== tail(c.call.body.roleDefinitionId) ||
        lower(found.principalId) !== lower(c.call.body.principalId)
      ) {
        items.push(
          item(
            c,
            `${tail(c.call.body.roleDefinitionId)} for ${
              c.call.body.principalId
            }`,
            `${tail(found.roleDefinitionId)} for ${found.principalId}`,
          ),
        );
      }
    } else if (c.call.kind === 'policyAssignment') {
      const found = azure.policyAssignments.get(lower(c.azureId));
      const wantEffect = String(c.call.body.parameters?.effect?.value ?? '');
      if (!found) items.push(item(c, 'assigned', 'missing'));
      else if ((found.enforcementMode ?? 'Default') !== 'Default')
        items.push(
          item(c, 'enforced', `enforcementMode ${found.enforcementMode}`),
        );
      else if (
        String(found.parameters?.effect?.value ?? '').toLowerCase() !==
        wantEffect.toLowerCase()
      ) {
        items.push(
          item(
            c,
            `effect ${wantEffect}`,
            `effect ${found.parameters?.effect?.value ?? '(default)'}`,
          ),
        );
      }
    }
  }
  return items;
}

/**
 * The GitOps components of one cluster against what Azure reports for it
 * (a targeted read: Azure has no subscription-wide list of these): the Flux
 * extension installed, and each Flux configuration present, not suspended
 * and Compliant.
 */
export function compareGitOps(
  plan: PlannedComponent[],
  extensions: Extension[],
  configs: FluxConfiguration[],
): DriftItem[] {
  const items: DriftItem[] = [];
  const extensionsByName = new Map(extensions.map(e => [lower(e.name), e]));
  const configsByName = new Map(configs.map(f => [lower(f.name), f]));
  for (const c of plan) {
    if (c.call.kind === 'extension') {
      const found = extensionsByName.get(lower(c.call.name));
      if (!found) items.push(item(c, 'installed', 'missing'));
      else if (found.provisioningState !== 'Succeeded')
        items.push(item(c, 'Succeeded', found.provisioningState ?? 'unknown'));
    } else if (c.call.kind === 'fluxConfiguration') {
      const found = configsByName.get(lower(c.call.name));
      if (!found) items.push(item(c, 'installed', 'missing'));
      else if (found.suspend) items.push(item(c, 'reconciling', 'suspended'));
      else if (found.complianceState && found.complianceState !== 'Compliant')
        items.push(item(c, 'Compliant', found.complianceState));
      else {
        const want = c.call.body.gitRepository?.repositoryRef;
        const have = found.gitRepository?.repositoryRef;
        if (
          JSON.stringify({
            tag: want?.tag,
            commit: want?.commit,
            branch: want?.branch,
          }) !==
          JSON.stringify({
            tag: have?.tag ?? undefined,
            commit: have?.commit ?? undefined,
            branch: have?.branch ?? undefined,
          })
        ) {
          items.push(item(c, JSON.stringify(want), JSON.stringify(have)));
        }
      }
    }
  }
  return items;
}
