import type { RoleDefinition } from '@azure/arm-authorization';
import type {
  Permission,
  RoleBinding,
} from '@complete-clusters/plugin-complete-clusters-common';
import { BUILT_IN_ROLES, BUILT_IN_ROLE_NAMES } from './builtIns';
import { nameBasedGuid } from './nameBasedGuid';

const K8S = 'Microsoft.ContainerService/managedClusters';

/** What "view" reads: the data actions of Azure Kubernetes Service RBAC Reader (no secrets, no roles). */
const VIEW = [
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
  'limitranges/read',
  'metrics.k8s.io/pods/read',
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
];

/**
 * What "edit" changes: an application's manifests (workloads, their
 * configuration, services, ingresses, volumes, scaling). Never secrets, roles,
 * network policies or namespaces: access and isolation stay the template's.
 */
const EDIT = [
  'apps/daemonsets/*',
  'apps/deployments/*',
  'apps/replicasets/*',
  'apps/statefulsets/*',
  'autoscaling/horizontalpodautoscalers/*',
  'batch/cronjobs/*',
  'batch/jobs/*',
  'configmaps/*',
  'networking.k8s.io/ingresses/*',
  'persistentvolumeclaims/*',
  'pods/delete',
  'policy/poddisruptionbudgets/*',
  'services/*',
];

/** What "exec" allows: a shell in the pods. */
const EXEC = ['pods/read', 'pods/exec/action'];

/** A role to grant: a built-in one, or one of the project's own (defined once per subscription). */
export interface RoleChoice {
  /** Full ARM id of the role definition in the subscription. */
  roleDefinitionId: string;
  roleName: string;
  /** Set when the role is the project's own and must be defined first. */
  custom?: { roleDefinitionGuid: string; scope: string; body: RoleDefinition };
}

function roleId(subscriptionId: string, guid: string) {
  return `/subscriptions/${subscriptionId}/providers/Microsoft.Authorization/roleDefinitions/${guid}`;
}

function builtIn(subscriptionId: string, guid: string): RoleChoice {
  return {
    roleDefinitionId: roleId(subscriptionId, guid),
    roleName: BUILT_IN_ROLE_NAMES[guid],
  };
}

/**
 * The least-privilege role for what a binding allows: the built-in AKS roles
 * where one fits exactly (view; admin), else a custom role with exactly the
 * data actions of edit and/or exec, e.g. "Complete Clusters: edit and exec"
 * for the developer template's AI model namespace.
 */
export function roleFor(
  permissions: Permission[],
  scope: RoleBinding['scope'],
  subscriptionId: string,
): RoleChoice {
  const wanted = new Set(permissions);
  if (wanted.has('admin')) {
    return builtIn(
      subscriptionId,
      'cluster' in scope
        ? BUILT_IN_ROLES.aksRbacClusterAdmin
        : BUILT_IN_ROLES.aksRbacAdmin,
    );
  }
  if (!wanted.has('edit') && !wanted.has('exec'))
    return builtIn(subscriptionId, BUILT_IN_ROLES.aksRbacReader);

  const parts = (['edit', 'exec'] as const).filter(p => wanted.has(p));
  // Custom role names are unique in the whole Entra directory, and each subscription has its own definition.
  const roleName = `Complete Clusters: ${parts.join(
    ' and ',
  )} (subscription ${subscriptionId})`;
  const dataActions = [
    ...new Set([
      ...VIEW,
      ...(wanted.has('edit') ? EDIT : []),
      ...(wanted.has('exec') ? EXEC : []),
    ]),
  ]
    .sort()
    .map(action => `${K8S}/${action}`);
  const guid = nameBasedGuid(
    'complete-clusters-role',
    subscriptionId,
    parts.join('+'),
  );
  const subscriptionScope = `/subscriptions/${subscriptionId}`;
  return {
    roleDefinitionId: roleId(subscriptionId, guid),
    roleName,
    custom: {
      roleDefinitionGuid: guid,
      scope: subscriptionScope,
      body: {
        roleName,
        description: `Made by Complete Clusters: read what Azure Kubernetes Service RBAC Reader reads${
          wanted.has('edit')
            ? ", edit an application's workloads, configuration and services (no secrets, roles or network policies)"
            : ''
        }${wanted.has('exec') ? ', and exec into pods' : ''}.`,
        roleType: 'CustomRole',
        permissions: [
          {
            actions: [`${K8S}/read`],
            notActions: [],
            dataActions,
            notDataActions: [],
          },
        ],
        assignableScopes: [subscriptionScope],
      },
    },
  };
}

/** The built-in role everyone with any grant also gets: fetching the cluster's Entra ID kubeconfig. */
export function clusterUserRole(subscriptionId: string): RoleChoice {
  return builtIn(subscriptionId, BUILT_IN_ROLES.aksClusterUser);
}
