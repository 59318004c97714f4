import { ResponseError } from '@backstage/errors';
import type {
  Cluster,
  ClusterDetails,
  ClusterPlan,
  RequestClusterBody,
  RequestClusterResponse,
} from './types';

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
  private readonly discoveryApi: { getBaseUrl(pluginId: string): Promise<string> };
  private readonly fetchApi: { fetch: typeof fetch };

  constructor(options: {
    discoveryApi: { getBaseUrl(pluginId: string): Promise<string> };
    fetchApi?: { fetch: typeof fetch };
  }) {
    this.discoveryApi = options.discoveryApi;
    this.fetchApi = options.fetchApi ?? { fetch: (input, init) => fetch(input, init) };
  }

  /** Records a request; idempotent by name for the same requester. */
  async requestCluster(body: RequestClusterBody, options?: RequestOptions): Promise<RequestClusterResponse> {
    return this.call('POST', '/clusters', options, body);
  }

  /** What a request would do in Azure, with nothing recorded and nothing sent to Azure. */
  async planCluster(body: RequestClusterBody, options?: RequestOptions): Promise<ClusterPlan> {
    return this.call('POST', '/clusters/plan', options, body);
  }

  /**
   * Clusters the caller may see; `mine` keeps those owned by the signed-in user
   * or one of their groups.
   */
  async listClusters(query: { mine?: boolean } = {}, options?: RequestOptions): Promise<Cluster[]> {
    const qs = query.mine ? '?owner=me' : '';
    const { items } = await this.call<{ items: Cluster[] }>('GET', `/clusters${qs}`, options);
    return items;
  }

  /** One cluster with its history; undefined when there is none of that name. */
  async getCluster(name: string, options?: RequestOptions): Promise<ClusterDetails | undefined> {
    try {
      return await this.call<ClusterDetails>('GET', `/clusters/${encodeURIComponent(name)}`, options);
    } catch (e) {
      if (e instanceof ResponseError && e.statusCode === 404) return undefined;
      throw e;
    }
  }

  private async call<T>(method: string, path: string, options?: RequestOptions, body?: unknown): Promise<T> {
    const baseUrl = await this.discoveryApi.getBaseUrl(COMPLETE_CLUSTERS_PLUGIN_ID);
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
    return (await response.json()) as T;
  }
}
