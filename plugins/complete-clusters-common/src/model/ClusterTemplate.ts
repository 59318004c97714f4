import type { Entity } from '@backstage/catalog-model';
import type { JsonObject } from '@backstage/types';
import type { ENVIRONMENTS } from './constants';

/**
 * An environment a ClusterTemplate is made for.
 * @public
 */
export type Environment = (typeof ENVIRONMENTS)[number];

/**
 * A Kubernetes taint in its `key=value:Effect` form.
 * @public
 */
export type Taint = string;

/**
 * Node count of a pool that autoscales between two bounds.
 * @public
 */
export type Autoscale = {
  /** Fewest nodes (0 allowed for user pools). */
  min: number;
  /** Most nodes. */
  max: number;
};

/**
 * One AKS agent pool of the cluster.
 * @public
 */
export type NodePool = {
  /** AKS agent pool name: 1-12 lowercase letters and digits, starting with a letter. */
  name: string;
  /** `System` pools run cluster add-ons; `User` pools run workloads. */
  mode: 'System' | 'User';
  /** Azure VM size, e.g. `Standard_D4ds_v5` or the GPU size `Standard_NC24ads_A100_v4`. */
  vmSize: string;
  /** Fixed node count. Exactly one of `count` and `autoscale` is set. */
  count?: number;
  /** Autoscale range. Exactly one of `count` and `autoscale` is set. */
  autoscale?: Autoscale;
  /** Kubernetes node labels. */
  labels?: Record<string, string>;
  /** Kubernetes node taints, `key=value:Effect`. */
  taints?: Taint[];
};

/**
 * Where the infrastructure lives and what it is made of.
 * @public
 */
export type Infrastructure = {
  /** Azure region name, e.g. `southeastasia`. */
  location: string;
  /** Kubernetes minor (`1.33`) or patch (`1.33.2`) version. */
  kubernetesVersion: string;
  /** The network policy engine of the cluster. */
  networkPolicy: 'azure' | 'calico' | 'cilium' | 'none';
  /** The agent pools; at least one has mode `System`. */
  nodePools: NodePool[];
};

/**
 * A Helm chart from a Helm repository.
 * @public
 */
export type HelmSource = {
  type: 'helm';
  /** The chart repository URL (https or oci). */
  repository: string;
  /** The chart name in that repository. */
  chart: string;
};

/**
 * Kubernetes manifests (or a Kustomization) from a git repository.
 * @public
 */
export type GitSource = {
  type: 'git';
  /** The repository URL (https or ssh). */
  url: string;
  /** The folder of the manifests in the repository. */
  path: string;
};

/**
 * An application that Azure provides as an AKS add-on (logging, monitoring).
 * @public
 */
export type AksAddonSource = {
  type: 'aks-addon';
  /** The add-on: Container Insights logging or Managed Prometheus monitoring. */
  addon: 'container-insights' | 'managed-prometheus' | 'azure-policy';
};

/**
 * An application installed on every cluster made from the template.
 * @public
 */
export type Application = {
  /** A short name, unique in the template: lowercase letters, digits, hyphens. */
  name: string;
  /** Where the application comes from. */
  source: HelmSource | GitSource | AksAddonSource;
  /** The pinned version (chart version, git tag or add-on version). */
  version: string;
  /** The namespace it is installed into (not used by aks-addon sources). */
  namespace?: string;
  /** Helm values. */
  values?: JsonObject;
};

/**
 * Who a role binding grants access to.
 * @public
 */
export type Subject =
  | { kind: 'requester' }
  /** The cluster's owner: its owning group, or the owning user. */
  | { kind: 'owner' }
  /** Each member of the owning group (as the catalog says, followed when it changes), or the owning user. */
  | { kind: 'owner-members' }
  | { kind: 'group'; ref: string }
  | { kind: 'user'; ref: string };

/**
 * What a role binding allows.
 * @public
 */
export type Permission = 'view' | 'edit' | 'exec' | 'admin';

/**
 * One grant of access to the cluster or to one namespace of it.
 * @public
 */
export type RoleBinding = {
  /** A short name, unique in the template. */
  name: string;
  /** Who is granted. */
  subjects: Subject[];
  /** What they may do. */
  permissions: Permission[];
  /** `cluster`, or the name of one namespace (usually an application's). */
  scope: { cluster: true } | { namespace: string };
};

/**
 * The policies every cluster made from the template carries.
 * @public
 */
export type Policies = {
  /** Pod Security Standard enforced: `baseline` and `restricted` forbid privileged containers. */
  podSecurity: 'privileged' | 'baseline' | 'restricted';
  /** `deny`: pods receive no traffic unless a network policy allows it. */
  networkDefault: 'allow' | 'deny';
  /** Role-based access. */
  access: {
    /** When true, nothing a consumer sends can change access. */
    locked: boolean;
    /** The grants. */
    roleBindings: RoleBinding[];
  };
};

/**
 * A field a consumer may set when requesting a cluster; everything else is locked.
 * @public
 */
export type ConsumerParameter = {
  /** Form field id: a camelCase identifier, not `name` (reserved for the cluster name). */
  id: string;
  /** Path of the template field it sets, e.g. `infrastructure.nodePools.gpu.autoscale.max`. */
  field: string;
  /** Form label. */
  title: string;
  /** Help text shown under the field. */
  description?: string;
  /** Value type. */
  type: 'string' | 'integer' | 'number' | 'boolean';
  /** Lowest value (numbers). */
  minimum?: number;
  /** Highest value (numbers). */
  maximum?: number;
  /** Allowed values. */
  enum?: Array<string | number>;
  /** Default value; the template's own value at `field` when absent. */
  default?: string | number | boolean;
};

/**
 * The `spec` of a ClusterTemplate.
 * @public
 */
export type ClusterTemplateSpec = {
  /** Owner entity ref, usually a group (`group:default/platform-team`). */
  owner: string;
  /** Semantic version of the template; clusters record the version they were built from. */
  version: string;
  /** The environment clusters made from it are for. */
  environment: Environment;
  /** Whether a request waits for an approver. */
  approval?: { required: boolean; approvers?: string };
  /**
   * Who may own its clusters. With `groups: true` the requester may name one of
   * their groups (from the catalog) as the owner; otherwise, the default, the
   * requester owns the cluster.
   */
  ownership?: { groups: boolean };
  /** What the engine does when Azure no longer matches the template: repair it, or only report it (the default). */
  drift?: { mode: 'repair' | 'report' };
  /** Backstage's lifecycle stage of the template itself (e.g. `production`, `experimental`), shown on its page. */
  lifecycle?: string;
  /** An optional time to live: the cluster is deleted that many hours after it was requested, with a warning before. */
  expiry?: { timeToLiveHours?: number; warnBeforeHours?: number };
  /**
   * An optional monthly budget: a request whose worst-case estimate (every
   * pool at its maximum, 730 hours) exceeds it is refused with the figures
   * (`refuse`), or waits for the approvers (`approve`) even where the
   * template otherwise needs no approval.
   */
  budget?: {
    monthly: number;
    currency: string;
    overBudget: 'refuse' | 'approve';
  };
  infrastructure: Infrastructure;
  applications: Application[];
  policies: Policies;
  /** The fields a consumer may set. */
  parameters?: ConsumerParameter[];
};

/**
 * A ClusterTemplate catalog entity.
 * @public
 */
export interface ClusterTemplateEntity extends Entity {
  apiVersion: 'complete-clusters.io/v1alpha1';
  kind: 'ClusterTemplate';
  spec: ClusterTemplateSpec;
}
