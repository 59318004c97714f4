/**
 * The API group of the ClusterTemplate kind and of every annotation this project writes.
 * @public
 */
export const CLUSTER_TEMPLATE_API_GROUP = 'complete-clusters.io';

/**
 * The apiVersion of ClusterTemplate entities.
 * @public
 */
export const CLUSTER_TEMPLATE_API_VERSION = 'complete-clusters.io/v1alpha1';

/**
 * The kind of the entities that describe a complete-cluster template.
 * @public
 */
export const CLUSTER_TEMPLATE_KIND = 'ClusterTemplate';

/**
 * Annotation put on each generated Scaffolder Template and each cluster
 * Resource: the ref of the ClusterTemplate it comes from.
 * @public
 */
export const ANNOTATION_SOURCE_TEMPLATE =
  'complete-clusters.io/cluster-template';

/**
 * Annotation put on each generated Scaffolder Template and each cluster
 * Resource: the ClusterTemplate version it was made from.
 * @public
 */
export const ANNOTATION_TEMPLATE_VERSION =
  'complete-clusters.io/template-version';

/**
 * The Scaffolder Template `spec.type` of generated templates, so that the
 * Scaffolder's "Create" page can group complete clusters together.
 * @public
 */
export const SCAFFOLDER_TEMPLATE_TYPE = 'complete-cluster';

/**
 * The environments a template can be made for, in promotion order.
 * @public
 */
export const ENVIRONMENTS = ['development', 'testing', 'production'] as const;

/**
 * The `spec.type` of the catalog Resource that stands for a requested cluster.
 * @public
 */
export const CLUSTER_RESOURCE_TYPE = 'kubernetes-cluster';

/**
 * Where a cluster is in the catalog: the Resource in the default namespace
 * named as the cluster (cluster names are unique among live clusters).
 * @public
 */
export function clusterEntityName(name: string): {
  kind: 'resource';
  namespace: 'default';
  name: string;
} {
  return { kind: 'resource', namespace: 'default', name };
}

/**
 * The entity ref of a cluster's catalog Resource, e.g. `resource:default/dev-alice`.
 * @public
 */
export function clusterEntityRef(name: string): string {
  const { kind, namespace } = clusterEntityName(name);
  return `${kind}:${namespace}/${name}`;
}

/**
 * Annotation on a cluster Resource: the ARM id of its managed cluster.
 * @public
 */
export const ANNOTATION_AZURE_RESOURCE_ID =
  'complete-clusters.io/azure-resource-id';

/**
 * Annotation on a cluster Resource: its phase (Pending ... Ready, Failed).
 * @public
 */
export const ANNOTATION_CLUSTER_PHASE = 'complete-clusters.io/phase';

/**
 * Annotation on a cluster Resource: its applications as `name@version` (and
 * `:namespace` where it has one), comma-separated, so that people and the
 * Kubernetes plugin's users can find where each one runs.
 * @public
 */
export const ANNOTATION_CLUSTER_APPLICATIONS =
  'complete-clusters.io/applications';

/**
 * Annotation on a cluster Resource: the Kubernetes namespaces its applications
 * run in, comma-separated.
 * @public
 */
export const ANNOTATION_CLUSTER_NAMESPACES = 'complete-clusters.io/namespaces';

/**
 * The Scaffolder action that records a cluster request; generated Scaffolder
 * Templates call it first.
 * @public
 */
export const REQUEST_CLUSTER_ACTION_ID = 'complete-clusters:cluster:request';

/**
 * The Scaffolder action that follows a requested cluster until it is built;
 * generated Scaffolder Templates call it after the request.
 * @public
 */
export const WAIT_FOR_CLUSTER_ACTION_ID = 'complete-clusters:cluster:wait';
