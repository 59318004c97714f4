import type { ClusterActivity, ClusterPhase } from './phases';
import type { FleetSortKey } from './fleet';
import type { PreflightResult } from './preflight';

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
  /**
   * PEM of the CA certificate that signs the API server's certificate, once
   * the cluster is built (public: it lets clients such as the Kubernetes
   * plugin trust the API server).
   */
  certificateAuthority?: string;
}

/**
 * A requested complete cluster, as the backend API returns it.
 * @public
 */
export interface Cluster {
  /** The cluster's identity: a name can be used again once its cluster is Deleted or Rejected, an id never. */
  id: string;
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
  /** What the engine's current run of phases is for: create, update, repair, scale or delete. */
  activity: ClusterActivity;
  /** What is happening now, or what failed and why, in plain words. */
  statusMessage?: string;
  /** The approver's decision, for a template that requires approval. */
  decision?: ClusterDecision;
  /** When the template's time to live deletes the cluster. */
  expiresAt?: string;
  /** Who asked for the cluster's deletion, or its time to live; kept once it is Deleted. */
  deletion?: ClusterDeletion;
  /** How Azure compares with the template, from the last check. */
  drift?: ClusterDrift;
  /** The id of the cluster this one was rebuilt from, in another region. */
  rebuiltFrom?: string;
  /** The id of the cluster rebuilt from this one in another region, which holds the name now. */
  rebuiltTo?: string;
  /** The template's current version, when it is newer than the cluster's. */
  updateAvailable?: string;
  /** For a request awaiting approval: its pre-flight checks against Azure, run again on every read. */
  preflight?: PreflightResult;
  /** The consumer's answers. */
  parameters: Record<string, unknown>;
  azure: ClusterAzureIds;
  /** Node pools as requested, e.g. "gpu: Standard_NC24ads_A100_v4, 0-25 nodes (autoscale)". */
  nodePools: Array<{
    name: string;
    mode: 'System' | 'User';
    vmSize: string;
    size: string;
  }>;
  /** The applications the template installs, as declared (their live state is in ClusterDetails.components). */
  applications: ClusterApplicationSummary[];
  /** The template's policies in a few words each, e.g. "No privileged containers (restricted)". */
  policies: string[];
  createdAt: string;
  updatedAt: string;
}

/**
 * Why a cluster is being, or was, deleted.
 * @public
 */
export type ClusterDeletion =
  | { cause: 'user'; by: string; at: string }
  | { cause: 'expiry'; at: string };

/**
 * One entry of a cluster's history.
 * @public
 */
export interface ClusterEventItem {
  id: number;
  phase: string;
  level: 'info' | 'warning' | 'error';
  message: string;
  /** True for a decision (request, approval, rejection, update, scale, retry, deletion, expiry): never pruned. */
  decision?: boolean;
  createdAt: string;
}

/**
 * Every cluster that has had a name, newest first, each with its whole history
 * (answer of GET /clusters/:name/history).
 * @public
 */
export interface ClusterHistory {
  name: string;
  clusters: Array<Cluster & { events: ClusterEventItem[] }>;
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
  /** For a role assignment: who it grants which role where, and why (e.g. `member of group:default/team-ai`). */
  grant?: ClusterGrant;
}

/**
 * Who a role assignment of a cluster grants access to, and why.
 * @public
 */
export interface ClusterGrant {
  /** The user's or group's entity ref. */
  to: string;
  /** The Azure role. */
  role: string;
  /** `the whole cluster` or `namespace <name>`. */
  where: string;
  /** `the requester`, `the owner`, `member of group:default/team-ai` or `named by the template`. */
  because: string;
}

/**
 * Who approved or rejected a request, and why.
 * @public
 */
export interface ClusterDecision {
  decision: 'approved' | 'rejected';
  by: string;
  reason: string;
  at: string;
}

/**
 * One field where Azure differs from what the template and the consumer's
 * answers say.
 * @public
 */
export interface DriftItem {
  layer: 'infrastructure' | 'policies' | 'applications';
  /** What differs, e.g. `nodePools.gpu.maxCount` or `application app-redis`. */
  field: string;
  expected: string;
  actual: string;
  /** The component (policy or application) that is no longer as installed, if it is one. */
  component?: string;
}

/**
 * The last comparison of a cluster in Azure with its template.
 * @public
 */
export interface ClusterDrift {
  checkedAt: string;
  items: DriftItem[];
  /** What the template does about drift: repair it, or only report it. */
  mode: 'repair' | 'report';
}

/**
 * One change a template update makes to a cluster.
 * @public
 */
export interface TemplateChange {
  layer: 'infrastructure' | 'policies' | 'applications';
  /** What changes, e.g. `kubernetesVersion`, `nodePools.gpu`, `application redis`. */
  field: string;
  /** The value now; absent for something added. */
  from?: string;
  /** The value after the update; absent for something removed. */
  to?: string;
}

/**
 * A newer version of a cluster's template, and what applying it would change.
 * @public
 */
export interface ClusterUpdate {
  fromVersion: string;
  toVersion: string;
  changes: TemplateChange[];
  /** Why the update cannot be applied, when it cannot (e.g. it moves the cluster to another region). */
  blockedBy?: string;
}

/**
 * What the signed-in user may do with a cluster, so the portal offers only that.
 * @public
 */
export interface ClusterActions {
  update: boolean;
  scale: boolean;
  delete: boolean;
  approve: boolean;
  retry: boolean;
  /** Hand it over to another owner (`POST /clusters/:name/owner`); absent from older backends. */
  transfer?: boolean;
  /** Rebuild it in another region (`POST /clusters/:name/rebuild`); absent from older backends. */
  rebuild?: boolean;
  /** Delete the cluster a Ready rebuild replaced (`POST /clusters/:name/rebuild/confirm`); absent from older backends. */
  confirmRebuild?: boolean;
}

/**
 * A cluster rebuilt in another region and the one it replaces, which waits
 * for its owner's confirmation to be deleted.
 * @public
 */
export interface ClusterRebuildStatus {
  /** The old cluster. */
  from: {
    id: string;
    location: string;
    phase: ClusterPhase;
    /** Its deletion was confirmed (or it is Deleted). */
    deleting: boolean;
  };
  /** The new cluster, holding the name. */
  to: { id: string; location: string; phase: ClusterPhase };
  /** The old cluster waits for its owner to confirm its deletion. */
  awaitingConfirmation: boolean;
}

/**
 * Body of POST /clusters/:name/rebuild.
 * @public
 */
export interface RebuildBody {
  /** A region the cluster's template allows, other than its own. */
  region: string;
  reason?: string;
}

/**
 * A consumer parameter that sizes a node pool, with the bounds the template allows.
 * @public
 */
export interface ScaleParameter {
  id: string;
  title: string;
  field: string;
  value: number;
  minimum?: number;
  maximum?: number;
}

/** @public */
export interface ClusterDetails extends Cluster {
  /** The latest events, oldest first (`?events=N`, 50 by default). */
  events: ClusterEventItem[];
  /** Cursor for older events: GET /clusters/:name?before=<it>; absent when `events` starts at the first. */
  eventsBefore?: string;
  /** Policies then applications, in the order the engine installs them. */
  components: ClusterComponent[];
  /** A newer template version, when there is one. */
  update?: ClusterUpdate;
  /** What the signed-in user may do. */
  actions: ClusterActions;
  /** The parameters that size node pools, for scaling within the template's bounds. */
  scaleParameters: ScaleParameter[];
  /** The regions its template allows it to be rebuilt in (all but its own); absent from older backends. */
  rebuildRegions?: string[];
  /** Its rebuild in another region, while the cluster it replaced is not yet Deleted. */
  rebuild?: ClusterRebuildStatus;
}

/**
 * Body of POST /clusters/:name/decision.
 * @public
 */
export interface DecisionBody {
  decision: 'approve' | 'reject';
  reason: string;
}

/**
 * One template of a rollout and the version its clusters are brought to.
 * @public
 */
export interface RolloutTemplate {
  templateRef: string;
  toVersion: string;
}

/**
 * One cluster of a rollout, where it stands.
 * @public
 */
export interface RolloutCluster {
  /** The cluster (by id: a name may later belong to another cluster). */
  clusterId: string;
  name: string;
  /** The template it is made from, and the version the rollout brings it to. */
  templateRef: string;
  toVersion: string;
  environment: string;
  state: 'Waiting' | 'Updating' | 'Updated' | 'Failed' | 'Skipped';
}

/**
 * Template versions rolled out to every cluster of the templates (one
 * template, or several: a platform release), stage by stage: every
 * development cluster, then every testing one, then every production one,
 * stopping at the first failure.
 * @public
 */
export interface Rollout {
  id: string;
  /** The first template of {@link Rollout.templates} (the only one in a rollout of one template). */
  templateRef: string;
  /** The version of that first template. */
  toVersion: string;
  /** Every template of the rollout, in the order requested, with its target version. */
  templates: RolloutTemplate[];
  requestedBy: string;
  state: 'Running' | 'Succeeded' | 'Stopped';
  /** The clusters in rollout order (development, testing, production), and where each stands. */
  clusters: RolloutCluster[];
  message?: string;
  createdAt: string;
  updatedAt: string;
}

/**
 * Body of POST /rollouts: one template (`templateRef`), or several
 * (`templates`, a platform release). Each is rolled out at its current
 * version; a `version` given must be that version.
 * @public
 */
export interface StartRolloutBody {
  templateRef?: string;
  templates?: Array<{ templateRef: string; version?: string }>;
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
  /**
   * Entity ref of one of the requester's groups to own the cluster, where the
   * template's `ownership.groups` allows it; without it the requester owns it.
   */
  owner?: string;
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
 * What the dry run found when it read the cluster's subscription as the
 * portal's Azure identity (sign-in, the subscription, read access).
 * @public
 */
export interface AzureAccessCheck {
  subscriptionId: string;
  ok: boolean;
  /** What was found, and the fix when something is missing. */
  message: string;
}

/**
 * Answer of POST /clusters/plan: what a request would do, with nothing done.
 * @public
 */
export interface ClusterPlan {
  cluster: Cluster;
  requests: PlannedAzureRequest[];
  /** The one read the dry run makes in Azure: can the portal's identity reach the cluster's subscription. */
  azureAccess: AzureAccessCheck;
}

/**
 * What a proposed version of a ClusterTemplate would do to one cluster made
 * from the template now in the catalog.
 * @public
 */
export interface TemplatePlanCluster {
  name: string;
  environment: string;
  ownerRef: string;
  phase: ClusterPhase;
  /** The version the cluster runs now. */
  fromVersion: string;
  /** What the proposed version changes on it, layer by layer (empty when nothing does). */
  changes: TemplateChange[];
  /** Why the cluster could not take the proposed version, when it could not. */
  blockedBy?: string;
}

/**
 * Answer of POST /templates/plan: the clusters a proposed template version
 * touches, for a pull request's review.
 * @public
 */
export interface TemplatePlan {
  templateRef: string;
  /** The version in the catalog now; absent for a template the catalog does not have yet. */
  currentVersion?: string;
  proposedVersion: string;
  /** Clusters that would be updated, and those that could not be. */
  clusters: TemplatePlanCluster[];
  /** Problems of the proposal itself that are not a schema error (e.g. a changed template with the same version). */
  warnings: string[];
}

/**
 * Body of POST /templates/plan.
 * @public
 */
export interface PlanTemplateRequest {
  /** The proposed ClusterTemplate entity, as its YAML file would put it in the catalog. */
  template: unknown;
}

/**
 * A ClusterTemplate in a fleet: the templates a team owns.
 * @public
 */
export interface FleetTemplate {
  templateRef: string;
  title: string;
  /** The template's version in the catalog now. */
  currentVersion: string;
  owner: string;
  /** Whether the signed-in user may roll the current version out to the template's clusters. */
  mayRollOut: boolean;
}

/**
 * One cluster as the platform team's fleet view lists it.
 * @public
 */
export interface FleetCluster {
  id: string;
  name: string;
  templateRef: string;
  templateVersion: string;
  environment: string;
  ownerRef: string;
  phase: ClusterPhase;
  statusMessage?: string;
  /** How many fields differ from the template, at the last drift check. */
  driftCount: number;
  /** The template's current version, when it is newer than the cluster's. */
  updateAvailable?: string;
  updatedAt: string;
  /**
   * The cluster's monthly cost from the portal's price book, at its minimum
   * size and at its worst case (every pool at its maximum); a figure is null
   * where a VM size has no price. Absent when the portal has no prices.
   */
  monthlyCost?: {
    currency: string;
    minimum: number | null;
    worstCase: number | null;
  };
  /** What the signed-in user may do from the fleet view. */
  actions: { approve: boolean; retry: boolean };
}

/**
 * Query of GET /fleet; every filter given must hold.
 * @public
 */
export interface FleetQuery {
  /** Only templates owned by this group (one the caller belongs to); all the caller's groups by default. */
  templateOwner?: string;
  templateRef?: string;
  templateVersion?: string;
  phase?: ClusterPhase;
  environment?: string;
  /** true: only clusters with drift; false: only without. */
  drift?: boolean;
  /** true: only clusters behind their template's current version; false: only those at it. */
  updateAvailable?: boolean;
  /** Part of the cluster's name. */
  search?: string;
  sort?: FleetSortKey;
  order?: 'asc' | 'desc';
  /** Page size, 1 to 500 (default 50). */
  limit?: number;
  offset?: number;
}

/**
 * Answer of GET /fleet: one page of the clusters of a team's templates, with
 * counts over all of them.
 * @public
 */
export interface Fleet {
  templates: FleetTemplate[];
  /** Clusters matching the query, over all pages. */
  totalCount: number;
  items: FleetCluster[];
  /** Over every cluster of the templates (not only this query's): per phase, and per template version. */
  counts: {
    byPhase: Partial<Record<ClusterPhase, number>>;
    byVersion: Array<{
      templateRef: string;
      templateVersion: string;
      count: number;
    }>;
  };
}

/**
 * One version of a ClusterTemplate in its history.
 * @public
 */
export interface TemplateVersion {
  version: string;
  /** When the portal first saw this version in the catalog. */
  recordedAt: string;
  /** What it changed from the version before it, layer by layer; empty for the first one recorded. */
  changes: TemplateChange[];
  /** The version it is compared with. */
  previousVersion?: string;
}

/**
 * Answer of GET /templates/:namespace/:name/history, newest version first.
 * @public
 */
export interface TemplateHistory {
  templateRef: string;
  versions: TemplateVersion[];
}
