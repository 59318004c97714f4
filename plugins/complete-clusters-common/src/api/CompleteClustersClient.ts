import { ResponseError } from '@backstage/errors';
import type {
  Cluster,
  ClusterDetails,
  ClusterPlan,
  DecisionBody,
  RebuildBody,
  RequestClusterBody,
  RequestClusterResponse,
  Rollout,
  TemplatePlan,
  Fleet,
  FleetQuery,
  TemplateHistory,
} from './types';
import type { PreflightResult } from './preflight';
import type { ClusterCost, CostEstimate } from './cost';

/** @public */
export const COMPLETE_CLUSTERS_PLUGIN_ID = 'complete-clusters';

/**
 * Per-call options: a Backstage token when the caller's fetch does not add one
 * (backend callers pass a plugin request token; the frontend's fetchApi adds its own).
 * @public
 */
export interface RequestOptions {
  token?: string;
  signal?: AbortSignal;
}

/**
 * The HTTP API of the complete-clusters backend, for the frontend, the
 * Scaffolder actions and the catalog provider alike.
 * @public
 */
export class CompleteClustersClient {
  private readonly discoveryApi: {
    getBaseUrl(pluginId: string): Promise<string>;
  };
  private readonly fetchApi: { fetch: typeof fetch };

  constructor(options: {
    discoveryApi: { getBaseUrl(pluginId: string): Promise<string> };
    fetchApi?: { fetch: typeof fetch };
  }) {
    this.discoveryApi = options.discoveryApi;
    this.fetchApi = options.fetchApi ?? {
      fetch: (input, init) => fetch(input, init),
    };
  }

  /** Records a request; idempotent by name for the same requester. */
  async requestCluster(
    body: RequestClusterBody,
    options?: RequestOptions,
  ): Promise<RequestClusterResponse> {
    return this.call('POST', '/clusters', options, body);
  }

  /** What a request would do in Azure, with nothing recorded and nothing sent to Azure. */
  async planCluster(
    body: RequestClusterBody,
    options?: RequestOptions,
  ): Promise<ClusterPlan> {
    return this.call('POST', '/clusters/plan', options, body);
  }

  /** The pre-flight checks of a request against Azure (VM sizes, vCPU quota at the worst case, Kubernetes version, name); records nothing. */
  async preflight(
    body: RequestClusterBody,
    options?: RequestOptions,
  ): Promise<PreflightResult> {
    return this.call('POST', '/preflight', options, body);
  }

  /**
   * Every cluster the caller may see, page after page; `mine` keeps those
   * owned by the signed-in user or one of their groups, `owner`, `template`
   * and `phase` filter in the backend, and `changedSince` (ISO 8601) keeps
   * those changed since then, deleted ones included.
   */
  async listClusters(
    query: {
      mine?: boolean;
      owner?: string;
      template?: string;
      phase?: string[];
      changedSince?: string;
    } = {},
    options?: RequestOptions,
  ): Promise<Cluster[]> {
    const params = new URLSearchParams({ limit: '500' });
    if (query.mine) params.set('owner', 'me');
    else if (query.owner) params.set('owner', query.owner);
    if (query.template) params.set('template', query.template);
    if (query.phase?.length) params.set('phase', query.phase.join(','));
    if (query.changedSince) params.set('changedSince', query.changedSince);
    const all: Cluster[] = [];
    for (;;) {
      const page = await this.call<{ items: Cluster[]; nextCursor?: string }>(
        'GET',
        `/clusters?${params}`,
        options,
      );
      if (!Array.isArray(page.items))
        throw new TypeError(
          `expected { items: Cluster[] } from GET /clusters, got items of type ${typeof page.items}`,
        );
      all.push(...page.items);
      if (!page.nextCursor) return all;
      params.set('cursor', page.nextCursor);
    }
  }

  /** One cluster with its history; undefined when there is none of that name. */
  async getCluster(
    name: string,
    options?: RequestOptions,
  ): Promise<ClusterDetails | undefined> {
    try {
      return await this.call<ClusterDetails>(
        'GET',
        `/clusters/${encodeURIComponent(name)}`,
        options,
      );
    } catch (e) {
      if (e instanceof ResponseError && e.statusCode === 404) return undefined;
      throw e;
    }
  }

  /** Clusters that wait for the signed-in user's approval. */
  async listApprovals(options?: RequestOptions): Promise<Cluster[]> {
    const { items } = await this.call<{ items: Cluster[] }>(
      'GET',
      '/approvals',
      options,
    );
    return items;
  }

  /** Approves or rejects a request that waits for approval, with a reason. */
  async decide(
    name: string,
    body: DecisionBody,
    options?: RequestOptions,
  ): Promise<Cluster> {
    return this.call(
      'POST',
      `/clusters/${encodeURIComponent(name)}/decision`,
      options,
      body,
    );
  }

  /** Brings a cluster to the current version of its template. */
  async updateCluster(
    name: string,
    body: { toVersion: string },
    options?: RequestOptions,
  ): Promise<Cluster> {
    return this.call(
      'POST',
      `/clusters/${encodeURIComponent(name)}/update`,
      options,
      body,
    );
  }

  /** Resizes a cluster's node pools within its template's bounds. */
  async scaleCluster(
    name: string,
    body: { parameters: Record<string, number> },
    options?: RequestOptions,
  ): Promise<Cluster> {
    return this.call(
      'POST',
      `/clusters/${encodeURIComponent(name)}/scale`,
      options,
      body,
    );
  }

  /** Puts a Failed cluster back to work where it failed. */
  async retryCluster(name: string, options?: RequestOptions): Promise<Cluster> {
    return this.call(
      'POST',
      `/clusters/${encodeURIComponent(name)}/retry`,
      options,
      {},
    );
  }

  /**
   * Hands a cluster over to another owner: one of the caller's groups, or the
   * caller (`owner` is an entity ref; a bare name means a group).
   */
  async transferCluster(
    name: string,
    body: { owner: string },
    options?: RequestOptions,
  ): Promise<Cluster> {
    return this.call(
      'POST',
      `/clusters/${encodeURIComponent(name)}/owner`,
      options,
      body,
    );
  }

  /**
   * Rebuilds a cluster in another region its template allows: a new cluster
   * takes its name; the old one waits for {@link CompleteClustersClient.confirmRebuild}.
   */
  async rebuildCluster(
    name: string,
    body: RebuildBody,
    options?: RequestOptions,
  ): Promise<Cluster> {
    return this.call(
      'POST',
      `/clusters/${encodeURIComponent(name)}/rebuild`,
      options,
      body,
    );
  }

  /** Deletes the cluster a Ready rebuild replaced. */
  async confirmRebuild(
    name: string,
    options?: RequestOptions,
  ): Promise<Cluster> {
    return this.call(
      'POST',
      `/clusters/${encodeURIComponent(name)}/rebuild/confirm`,
      options,
      {},
    );
  }

  /** Deletes a cluster and its Azure resources; `confirm` must repeat the cluster's name. */
  async deleteCluster(
    name: string,
    body: { confirm: string },
    options?: RequestOptions,
  ): Promise<Cluster> {
    return this.call(
      'POST',
      `/clusters/${encodeURIComponent(name)}/delete`,
      options,
      body,
    );
  }

  /**
   * Rolls a template's current version out to its clusters, development
   * first; or several templates together (a platform release), each at its
   * current version (`version`, if given, must be it): every development
   * cluster of them first, then testing, then production.
   */
  async startRollout(
    templates: string | Array<{ templateRef: string; version?: string }>,
    options?: RequestOptions,
  ): Promise<Rollout> {
    return this.call(
      'POST',
      '/rollouts',
      options,
      typeof templates === 'string'
        ? { templateRef: templates }
        : { templates },
    );
  }

  /** Rollouts, newest first; only those that include one template with `templateRef`. */
  async listRollouts(
    query: { templateRef?: string } = {},
    options?: RequestOptions,
  ): Promise<Rollout[]> {
    const qs = query.templateRef
      ? `?templateRef=${encodeURIComponent(query.templateRef)}`
      : '';
    const { items } = await this.call<{ items: Rollout[] }>(
      'GET',
      `/rollouts${qs}`,
      options,
    );
    return items;
  }

  /** What a proposed ClusterTemplate version would do to the clusters of the template; nothing is recorded. */
  async planTemplate(
    template: unknown,
    options?: RequestOptions,
  ): Promise<TemplatePlan> {
    return this.call('POST', '/templates/plan', options, { template });
  }

  /** One page of the clusters of the signed-in user's teams' templates, with counts per phase and version. */
  async getFleet(
    query: FleetQuery = {},
    options?: RequestOptions,
  ): Promise<Fleet> {
    return this.call('GET', `/fleet${fleetQueryString(query)}`, options);
  }

  /** Every cluster a fleet query matches, as CSV. */
  async getFleetCsv(
    query: FleetQuery = {},
    options?: RequestOptions,
  ): Promise<string> {
    const response = await this.send(
      'GET',
      `/fleet.csv${fleetQueryString(query)}`,
      options,
    );
    return response.text();
  }

  /** A ClusterTemplate's monthly cost with its defaults, at minimum size and worst case. */
  async getTemplateCost(
    templateRef: { namespace?: string; name: string },
    options?: RequestOptions,
  ): Promise<CostEstimate & { templateRef: string }> {
    const namespace = encodeURIComponent(templateRef.namespace ?? 'default');
    return this.call(
      'GET',
      `/templates/${namespace}/${encodeURIComponent(templateRef.name)}/cost`,
      options,
    );
  }

  /** A cluster's monthly cost now, at the node counts Azure reports for its pools, and at minimum size and worst case. */
  async getClusterCost(
    name: string,
    options?: RequestOptions,
  ): Promise<ClusterCost> {
    return this.call(
      'GET',
      `/clusters/${encodeURIComponent(name)}/cost`,
      options,
    );
  }

  /** A ClusterTemplate's versions as the portal recorded them, newest first, with what each changed. */
  async getTemplateHistory(
    templateRef: { namespace?: string; name: string },
    options?: RequestOptions,
  ): Promise<TemplateHistory> {
    const namespace = encodeURIComponent(templateRef.namespace ?? 'default');
    return this.call(
      'GET',
      `/templates/${namespace}/${encodeURIComponent(templateRef.name)}/history`,
      options,
    );
  }

  private async call<T>(
    method: string,
    path: string,
    options?: RequestOptions,
    body?: unknown,
  ): Promise<T> {
    return (await (await this.send(method, path, options, body)).json()) as T;
  }

  private async send(
    method: string,
    path: string,
    options?: RequestOptions,
    body?: unknown,
  ): Promise<Response> {
    const baseUrl = await this.discoveryApi.getBaseUrl(
      COMPLETE_CLUSTERS_PLUGIN_ID,
    );
    const headers: Record<string, string> = {};
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    if (options?.token) headers.Authorization = `Bearer ${options.token}`;
    const response = await this.fetchApi.fetch(`${baseUrl}${path}`, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: options?.signal,
    });
    if (!response.ok) throw await ResponseError.fromResponse(response);
    return response;
  }
}

/** A fleet query as a query string (empty values left out). */
function fleetQueryString(query: FleetQuery): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined && value !== '') params.set(key, String(value));
  }
  const text = params.toString();
  return text ? `?${text}` : '';
}
