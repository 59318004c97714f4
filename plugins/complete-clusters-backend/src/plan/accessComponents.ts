import { sdkScope } from './types';
import type { PlannedComponent, PlanInput } from './types';
import { clusterUserRole, roleFor, RoleChoice } from './roles';
import { nameBasedGuid } from './nameBasedGuid';
import { ownerMembersIn, subjectRefs } from './subjects';

function scopeOf(
  clusterId: string,
  scope: { cluster: true } | { namespace: string },
) {
  return 'cluster' in scope
    ? clusterId
    : `${clusterId}/namespaces/${scope.namespace}`;
}

function where(scope: { cluster: true } | { namespace: string }) {
  return 'cluster' in scope
    ? 'the whole cluster'
    : `namespace ${scope.namespace}`;
}

function reasonFor(kind: string, ref: string, owner: string): string {
  switch (kind) {
    case 'requester':
      return 'the requester';
    case 'owner':
      return 'the owner';
    case 'owner-members':
      return ref === owner ? 'the owner' : `member of ${owner}`;
    default:
      return 'named by the template';
  }
}

/** Where an assignment's scope is, for people. */
function whereOf(scope: string): string {
  const ns = /\/namespaces\/([^/]+)$/.exec(scope);
  return ns ? `namespace ${ns[1]}` : 'the whole cluster';
}

function describeWho(ref: string, because: string): string {
  if (because === 'the requester') return `The requester (${ref})`;
  return because === 'named by the template' ? ref : `${ref} (${because})`;
}

/**
 * The template's role bindings as Azure role assignments on the cluster or on
 * one of its namespaces (Azure RBAC for Kubernetes), each granted to the
 * requester, the owner, each member of the owning group (`owner-members`,
 * as recorded from the catalog) or the named users and groups, plus the project's own role
 * definitions where no built-in role fits, and the Cluster User Role that
 * lets each of them fetch the cluster's Entra ID kubeconfig. Nothing here
 * depends on what a consumer sent when the template locks access: the
 * bindings come from the template alone (parameters cannot reach them).
 */
export function accessComponents(input: PlanInput): PlannedComponent[] {
  const { azure, spec, principals, requestedBy } = input;
  const owner = (input.ownerRef ?? requestedBy).toLocaleLowerCase('en-US');
  const context = {
    requester: requestedBy,
    owner,
    ownerMembers: ownerMembersIn(principals, owner),
  };
  /** Why a subject has access, for people: the first reason wins. */
  const reasons = new Map<string, string>();
  const clusterId = azure.resourceId;
  const definitions = new Map<string, PlannedComponent>();
  const assignments = new Map<string, PlannedComponent>();

  const assign = (
    ref: string,
    role: RoleChoice,
    scope: string,
    label: string,
    description: string,
    dependsOn: string[],
  ) => {
    const because = reasons.get(ref) ?? 'named by the template';
    const principal = principals[ref];
    if (!principal)
      throw new Error(`No Entra principal was recorded for ${ref}`);
    const name = nameBasedGuid(
      'complete-clusters-assignment',
      scope,
      role.roleDefinitionId,
      principal.objectId,
    );
    if (assignments.has(name)) return;
    assignments.set(name, {
      key: `access:${name}`,
      layer: 'policies',
      phase: 'Policies',
      kind: 'roleAssignment',
      name: label,
      description,
      azureId: `${scope}/providers/Microsoft.Authorization/roleAssignments/${name}`,
      dependsOn,
      grant: { ref, roleName: role.roleName, where: whereOf(scope), because },
      call: {
        kind: 'roleAssignment',
        scope: sdkScope(scope),
        name,
        body: {
          roleDefinitionId: role.roleDefinitionId,
          principalId: principal.objectId,
          principalType: principal.type,
          description: `Complete Clusters: ${label} on ${input.name} (template ${input.templateRef})`,
        },
      },
    });
  };

  const grantees = new Set<string>();
  for (const binding of spec.policies.access.roleBindings) {
    const role = roleFor(
      binding.permissions,
      binding.scope,
      azure.subscriptionId,
    );
    const dependsOn: string[] = [];
    if (role.custom) {
      const key = `role:${role.custom.roleDefinitionGuid}`;
      dependsOn.push(key);
      if (!definitions.has(key)) {
        definitions.set(key, {
          key,
          layer: 'policies',
          phase: 'Policies',
          kind: 'roleDefinition',
          name: role.roleName,
          description: `Custom role ${role.roleName}: ${role.custom.body.description}`,
          azureId: role.roleDefinitionId,
          dependsOn: [],
          call: {
            kind: 'roleDefinition',
            scope: sdkScope(role.custom.scope),
            roleDefinitionId: role.custom.roleDefinitionGuid,
            body: role.custom.body,
          },
        });
      }
    }
    const scope = scopeOf(clusterId, binding.scope);
    for (const subject of binding.subjects) {
      for (const ref of subjectRefs(subject, context)) {
        const because = reasonFor(subject.kind, ref, owner);
        if (!reasons.has(ref)) reasons.set(ref, because);
        grantees.add(ref);
        assign(
          ref,
          role,
          scope,
          `${binding.name}: ${ref}`,
          `${describeWho(ref, because)} may ${binding.permissions.join(
            ' + ',
          )} in ${where(binding.scope)} (role ${role.roleName})`,
          dependsOn,
        );
      }
    }
  }
  const kubeconfig = clusterUserRole(azure.subscriptionId);
  for (const ref of grantees) {
    assign(
      ref,
      kubeconfig,
      clusterId,
      `kubeconfig: ${ref}`,
      `${ref} may fetch the cluster's Entra ID kubeconfig (role ${kubeconfig.roleName})`,
      [],
    );
  }
  return [...definitions.values(), ...assignments.values()];
}
