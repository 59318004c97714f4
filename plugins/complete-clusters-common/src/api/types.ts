import type { ClusterPhase } from './phases';

/**
 * Where a cluster lives in Azure. Ids only: never a credential.
 * @public
 */
export interface ClusterAzureIds {
  subscriptionId: string;
  resourceGroup: string;
  /** ARM id of the managed cluster, /subscriptions/.../managedClusters/<name> */
  resourceId: string;
  location: string;
  /** API server host name, once Azure has given it. */
  fqdn?: string;
}

/**
 * A requested complete cluster, as the backend API returns it.
 * @public
 */
export interface Cluster {
  name: string;
  /** Entity ref of the ClusterTemplate, e.g. clustertemplate:default/developer */
  templateRef: string;
  templateVersion: string;
  environment: string;
  /** Entity ref of the owner in the catalog (the requester unless the template lets them choose a group). */
  ownerRef: string;
  /** Entity ref of the user who asked. */
  requestedBy: string;
  phase: ClusterPhase;
  /** What is happening now, or what failed and why, in plain words. */
  statusMessage?: string;
  /** The consumer's answers. */
  parameters: Record<string, unknown>;
  azure: ClusterAzureIds;
  /** Node pools as requested, e.g. "gpu: Standard_NC24ads_A100_v4, 0-25 nodes (autoscale)". */
  nodePools: Array<{ name: string; mode: 'System' | 'User'; vmSize: string; size: string }>;
  /** The applications the template installs, as declared (their live state is in ClusterDetails.components). */
  applications: ClusterApplicationSummary[];
  /** The template's policies in a few words each, e.g. "No privileged containers (restricted)". */
  policies: string[];
  createdAt: string;
  updatedAt: string;
}

/**
 * One entry of a cluster's history.
 * @public
 */
export interface ClusterEventItem {
  id: number;
  phase: string;
  level: 'info' | 'warning' | 'error';
  message: string;
  createdAt: string;
}

/**
 * An application of a cluster as its template declares it.
 * @public
 */
export interface ClusterApplicationSummary {
  name: string;
  version: string;
  /** The Kubernetes namespace it runs in; absent for AKS add-ons. */
  namespace?: string;
  /** Where it comes from in a few words, e.g. "Helm chart redis from oci://registry-1.docker.io/bitnamicharts". */
  source: string;
}

/**
 * The layer of a cluster a component belongs to.
 * @public
 */
export type ComponentLayer = 'policies' | 'applications';

/**
 * What kind of Azure resource installs a component.
 * @public
 */
export type ComponentKind =
  | 'policyAssignment'
  | 'roleDefinition'
  | 'roleAssignment'
  | 'extension'
  | 'fluxConfiguration'
  | 'addon';

/**
 * Where a component stands: not started, being installed, installed, or failed (with why).
 * @public
 */
export type ComponentState = 'Pending' | 'Installing' | 'Installed' | 'Failed';

/**
 * One thing the engine installs on a cluster after its infrastructure: a
 * policy assignment, a role assignment, the Flux extension, one Flux
 * configuration per application, an add-on. Ids only: never a credential.
 * @public
 */
export interface ClusterComponent {
  /** Stable id within the cluster, e.g. `application:redis` or `policy:no-privileged-containers`. */
  key: string;
  layer: ComponentLayer;
  kind: ComponentKind;
  /** The application or policy it installs, e.g. `redis` or `No privileged containers`. */
  name: string;
  /** What it is, in plain words. */
  description: string;
  /** The pinned version, for applications. */
  version?: string;
  state: ComponentState;
  /** What is happening, or what failed and why. */
  message?: string;
  /** ARM id of the Azure resource that carries it. */
  azureId: string;
  updatedAt?: string;
}

/** @public */
export interface ClusterDetails extends Cluster {
  events: ClusterEventItem[];
  /** Policies then applications, in the order the engine installs them. */
  components: ClusterComponent[];
}

/**
 * Body of POST /clusters and POST /clusters/plan.
 * @public
 */
export interface RequestClusterBody {
  /** Entity ref of the ClusterTemplate. */
  templateRef: string;
  /** The template version the form was generated from; refused if the template has moved on. */
  templateVersion?: string;
  name: string;
  /** The consumer's answers, by parameter id (`name` may be included and is ignored). */
  parameters?: Record<string, unknown>;
}

/** @public */
export interface RequestClusterResponse {
  cluster: Cluster;
  /** false when the same requester had already asked for this cluster: nothing new was made. */
  created: boolean;
}

/**
 * One Azure Resource Manager request the engine would make.
 * @public
 */
export interface PlannedAzureRequest {
  method: 'PUT' | 'GET' | 'DELETE' | 'PATCH';
  /** Path under the ARM endpoint, with api-version. */
  path: string;
  description: string;
  body?: unknown;
}

/**
 * Answer of POST /clusters/plan: what a request would do, with nothing done.
 * @public
 */
export interface ClusterPlan {
  cluster: Cluster;
  requests: PlannedAzureRequest[];
}
