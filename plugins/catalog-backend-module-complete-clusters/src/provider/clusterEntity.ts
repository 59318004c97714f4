import {
  ANNOTATION_LOCATION,
  ANNOTATION_ORIGIN_LOCATION,
  Entity,
} from '@backstage/catalog-model';
import {
  ANNOTATION_KUBERNETES_API_SERVER,
  ANNOTATION_KUBERNETES_API_SERVER_CA,
  ANNOTATION_KUBERNETES_AUTH_PROVIDER,
  ANNOTATION_KUBERNETES_DASHBOARD_APP,
  ANNOTATION_KUBERNETES_DASHBOARD_PARAMETERS,
  ANNOTATION_KUBERNETES_SKIP_METRICS_LOOKUP,
  KUBERNETES_LABEL_SELECTOR_QUERY_ANNOTATION,
} from '@backstage/plugin-kubernetes-common';
import {
  ANNOTATION_AZURE_RESOURCE_ID,
  ANNOTATION_CLUSTER_APPLICATIONS,
  ANNOTATION_CLUSTER_NAMESPACES,
  ANNOTATION_CLUSTER_PHASE,
  ANNOTATION_SOURCE_TEMPLATE,
  ANNOTATION_TEMPLATE_VERSION,
  Cluster,
  CLUSTER_RESOURCE_TYPE,
  clusterEntityName,
} from '@complete-clusters/plugin-complete-clusters-common';

/** How the entity of a cluster points back at its source. */
export interface ClusterEntityOptions {
  /**
   * External base URL of the complete-clusters backend API, e.g.
   * `https://backstage.example.com/api/complete-clusters`.
   */
  apiBaseUrl: string;
}

/**
 * The location of a cluster's entity: its record in the complete-clusters API,
 * as a `url:` location like other providers whose source has a URL.
 */
export function clusterLocation(apiBaseUrl: string, name: string): string {
  return `url:${apiBaseUrl.replace(/\/+$/, '')}/clusters/${encodeURIComponent(
    name,
  )}`;
}

/** The Azure portal page of an ARM resource. */
export function azurePortalUrl(resourceId: string): string {
  return `https://portal.azure.com/#resource${resourceId}`;
}

/**
 * The catalog Resource that stands for a requested cluster: owned by its
 * owner, depending on its ClusterTemplate, annotated with where it lives in
 * Azure and, once Azure has given it an API server, with the Kubernetes
 * plugin's catalog cluster-locator annotations for AKS.
 *
 * Ids, names and the API server's CA certificate (public) only: no credential
 * of any kind is written (no token, no key, no kubeconfig). The `aks` auth
 * provider makes the Kubernetes plugin use the signed-in user's own Azure token.
 *
 * Builds whatever the cluster says, as the complete-clusters API's contract
 * gives it; what the catalog would refuse is `entityProblems`' to find.
 */
export function clusterEntity(
  cluster: Cluster,
  options: ClusterEntityOptions,
): Entity {
  const { name, azure } = cluster;
  const location = clusterLocation(options.apiBaseUrl, name);
  // The name part of the ref (kind:namespace/name), for people to read.
  const templateName = cluster.templateRef.replace(/^.*[:/]/, '');
  const failure =
    cluster.phase === 'Failed' && cluster.statusMessage
      ? `: ${cluster.statusMessage}`
      : '';
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Resource',
    metadata: {
      name,
      namespace: clusterEntityName(name).namespace,
      title: name,
      description: `${cluster.environment} cluster from template ${templateName} v${cluster.templateVersion} — ${cluster.phase}${failure}`,
      tags: [...new Set([cluster.environment, 'aks'])],
      links: [{ url: azurePortalUrl(azure.resourceId), title: 'Azure portal' }],
      annotations: {
        [ANNOTATION_LOCATION]: location,
        [ANNOTATION_ORIGIN_LOCATION]: location,
        [ANNOTATION_SOURCE_TEMPLATE]: cluster.templateRef,
        [ANNOTATION_TEMPLATE_VERSION]: cluster.templateVersion,
        [ANNOTATION_AZURE_RESOURCE_ID]: azure.resourceId,
        [ANNOTATION_CLUSTER_PHASE]: cluster.phase,
        ...applicationAnnotations(cluster),
        ...kubernetesAnnotations(cluster),
      },
    },
    spec: {
      type: CLUSTER_RESOURCE_TYPE,
      owner: cluster.ownerRef,
      dependsOn: [cluster.templateRef],
    },
  };
}

/**
 * Where the cluster's applications run: `name@version[:namespace]` each, and
 * the namespaces on their own, so that people (and queries on the catalog)
 * find an application's namespace on its cluster.
 */
function applicationAnnotations(cluster: Cluster): Record<string, string> {
  const apps = cluster.applications ?? [];
  if (apps.length === 0) return {};
  const namespaces = [
    ...new Set(apps.flatMap(a => (a.namespace ? [a.namespace] : []))),
  ];
  return {
    [ANNOTATION_CLUSTER_APPLICATIONS]: apps
      .map(a => `${a.name}@${a.version}${a.namespace ? `:${a.namespace}` : ''}`)
      .join(','),
    ...(namespaces.length > 0
      ? { [ANNOTATION_CLUSTER_NAMESPACES]: namespaces.join(',') }
      : {}),
  };
}

/**
 * The Kubernetes plugin's entity annotation that limits an entity's workloads
 * to one cluster (by the cluster's name as its locator lists it); the plugin
 * reads it but exports no constant for it.
 */
export const ANNOTATION_KUBERNETES_CLUSTER = 'backstage.io/kubernetes-cluster';

/**
 * The cluster's workloads for the Kubernetes tab: the objects of its
 * applications. Each application is a Helm release named after it (see
 * gitops/helm-release), and charts label what they install with
 * `app.kubernetes.io/instance: <release>`.
 */
export function workloadSelector(cluster: Cluster): string {
  const releases = (cluster.applications ?? [])
    .filter(a => a.namespace)
    .map(a => a.name);
  return releases.length > 0
    ? `app.kubernetes.io/instance in (${releases.join(',')})`
    : 'app.kubernetes.io/instance';
}

/**
 * The Kubernetes plugin's catalog cluster-locator annotations, only once the
 * API server is known (before that the plugin would have nothing to call),
 * and the entity annotations that give the cluster's page a Kubernetes tab
 * showing its applications' workloads on this cluster only.
 */
function kubernetesAnnotations(cluster: Cluster): Record<string, string> {
  const {
    fqdn,
    subscriptionId,
    resourceGroup,
    resourceId,
    certificateAuthority,
  } = cluster.azure;
  if (!fqdn) return {};
  return {
    [ANNOTATION_KUBERNETES_API_SERVER]: `https://${fqdn}`,
    // The CA certificate (public) as the plugin reads it: base64 of the PEM,
    // like a kubeconfig's certificate-authority-data. Present even before the
    // engine has it, since the catalog cluster locator lists only Resources
    // that carry the annotation (empty: the machine's trusted CAs apply).
    [ANNOTATION_KUBERNETES_API_SERVER_CA]: certificateAuthority
      ? Buffer.from(certificateAuthority, 'utf8').toString('base64')
      : '',
    [ANNOTATION_KUBERNETES_AUTH_PROVIDER]: 'aks',
    [ANNOTATION_KUBERNETES_DASHBOARD_APP]: 'aks',
    [ANNOTATION_KUBERNETES_DASHBOARD_PARAMETERS]: JSON.stringify({
      subscriptionId,
      resourceGroup,
      clusterName: managedClusterName(resourceId) ?? cluster.name,
    }),
    [ANNOTATION_KUBERNETES_SKIP_METRICS_LOOKUP]: 'true',
    [ANNOTATION_KUBERNETES_CLUSTER]: cluster.name,
    [KUBERNETES_LABEL_SELECTOR_QUERY_ANNOTATION]: workloadSelector(cluster),
  };
}

/** The managed cluster's own name, the last segment of its ARM id. */
function managedClusterName(resourceId: string): string | undefined {
  const match = /\/managedClusters\/([^/]+)\/?$/i.exec(resourceId);
  return match?.[1];
}
