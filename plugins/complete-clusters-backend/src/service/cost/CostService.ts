import type {
  BackstageCredentials,
  LoggerService,
} from '@backstage/backend-plugin-api';
import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import { InputError, NotFoundError } from '@backstage/errors';
import {
  CLUSTER_TEMPLATE_KIND,
  clusterReadPermission,
} from '@complete-clusters/plugin-complete-clusters-common';
import type {
  ClusterCost,
  ClusterPhase,
  ClusterTemplateSpec,
  CostEstimate,
} from '@complete-clusters/plugin-complete-clusters-common';
import type { AzureClients } from '../../azure/createAzureClients';
import type { ClusterRecord } from '../../database/types';
import type { ClusterRequestStore } from '../../database/stores';
import { Access } from '../access';
import type { ServiceDeps } from '../serviceDeps';
import { currentTemplate } from '../updates/currentTemplate';
import { estimateCost } from './estimateCost';
import type { CachedPrice, PriceBook } from './PriceBook';

/** Phases in which a cluster has no managed cluster in Azure: nothing to read, no nodes to pay for. */
const NOT_IN_AZURE: ReadonlyArray<ClusterPhase> = [
  'AwaitingApproval',
  'Pending',
  'ResourceGroup',
  'Rejected',
  'Deleted',
];

/**
 * How long a cluster's node counts read from Azure are reused: the cluster's
 * card may be open in many browsers; Azure is asked at most this often per cluster.
 */
export const NODE_COUNTS_TTL_MS = 60_000;

type NodeCounts =
  | { at: number; nodes: Map<string, number> }
  | { at: number; unavailable: string };

/**
 * The monthly cost of templates, requests and clusters, from the price book:
 * `GET /templates/:namespace/:name/cost`, the pre-flight answer's `cost` and
 * `GET /clusters/:name/cost`.
 */
export class CostService {
  private readonly access: Access;
  private readonly nodeCounts = new Map<string, NodeCounts>();

  constructor(
    private readonly deps: Pick<
      ServiceDeps,
      'catalog' | 'permissions' | 'userInfo' | 'auth'
    > & { logger: LoggerService },
    readonly prices: PriceBook,
    /** Where clusters are recorded and how to read them in Azure; without, no cluster's cost. */
    private readonly clusters?: {
      store: Pick<ClusterRequestStore, 'getCluster'>;
      clientsFor: (subscriptionId: string) => AzureClients;
    },
  ) {
    this.access = new Access(deps);
  }

  /** The estimate of a spec (a template's defaults, or a request's resolved answers). */
  estimate(spec: ClusterTemplateSpec): Promise<CostEstimate> {
    return this.priced(spec);
  }

  private priced(spec: ClusterTemplateSpec, nodesNow?: Map<string, number>) {
    return estimateCost(
      spec,
      this.prices.settings.currency,
      async (region, vmSize): Promise<CachedPrice | Error> => {
        try {
          return await this.prices.price(region, vmSize);
        } catch (e) {
          this.deps.logger.warn(
            `Prices: no price for ${vmSize} in ${region}: ${
              (e as Error).message
            }`,
          );
          return e as Error;
        }
      },
      p => this.prices.isStale(p),
      nodesNow,
    );
  }

  /**
   * `GET /clusters/:name/cost`: the cluster's recorded template and answers
   * priced at minimum size and worst case, and now, at the node count Azure
   * reports for each of its pools (one read of the managed cluster, reused
   * for {@link NODE_COUNTS_TTL_MS}). Read as clusters are.
   */
  async forCluster(
    name: string,
    credentials: BackstageCredentials,
  ): Promise<ClusterCost> {
    await this.access.require(
      clusterReadPermission,
      credentials,
      'see clusters',
    );
    if (!this.clusters)
      throw new NotFoundError('Cluster costs are not configured.');
    const record = await this.clusters.store.getCluster(name);
    if (!record) throw new NotFoundError(`There is no cluster named ${name}.`);
    const counts = await this.nodeCountsOf(record);
    const estimate = await this.priced(
      record.spec,
      'nodes' in counts ? counts.nodes : undefined,
    );
    return {
      name: record.name,
      ...estimate,
      currentMonthly: estimate.currentMonthly ?? null,
      ...('nodes' in counts
        ? { nodesReadAt: new Date(counts.at).toISOString() }
        : { nodesUnavailable: counts.unavailable }),
    };
  }

  /** Each pool's node count as Azure reports it now (AKS's `count`, which the autoscaler moves). */
  private async nodeCountsOf(record: ClusterRecord): Promise<NodeCounts> {
    if (NOT_IN_AZURE.includes(record.phase))
      return {
        at: Date.now(),
        unavailable: `The cluster is ${record.phase}: it has no nodes in Azure${
          record.phase === 'Deleted' || record.phase === 'Rejected'
            ? ''
            : ' yet'
        }.`,
      };
    const cached = this.nodeCounts.get(record.id);
    if (cached && Date.now() - cached.at < NODE_COUNTS_TTL_MS) return cached;
    let counts: NodeCounts;
    try {
      const cluster = await this.clusters!.clientsFor(
        record.azure.subscriptionId,
      ).containerService.managedClusters.get(
        record.azure.resourceGroup,
        record.name,
      );
      counts = {
        at: Date.now(),
        nodes: new Map(
          (cluster.agentPoolProfiles ?? []).map(p => [p.name, p.count ?? 0]),
        ),
      };
    } catch (e) {
      const status = (e as { statusCode?: unknown }).statusCode;
      counts = {
        at: Date.now(),
        unavailable:
          status === 404
            ? `Azure has no managed cluster ${record.name} in resource group ${record.azure.resourceGroup}.`
            : `Azure did not answer: ${(e as Error).message}`,
      };
      // Not reused: the next look asks again.
      if (status !== 404) return counts;
    }
    if (this.nodeCounts.size >= 1000) this.nodeCounts.clear();
    this.nodeCounts.set(record.id, counts);
    return counts;
  }

  /** `GET /templates/:namespace/:name/cost`: the template with its defaults; read as templates are. */
  async forTemplate(
    namespace: string,
    name: string,
    credentials: BackstageCredentials,
  ): Promise<CostEstimate & { templateRef: string }> {
    await this.access.require(
      clusterReadPermission,
      credentials,
      'see what templates cost',
    );
    let templateRef: string;
    try {
      templateRef = stringifyEntityRef(
        parseEntityRef({ kind: CLUSTER_TEMPLATE_KIND, namespace, name }),
      );
    } catch {
      throw new InputError(
        `${namespace}/${name} is not the namespace and name of a ClusterTemplate.`,
      );
    }
    const template = currentTemplate(
      await this.deps.catalog.getEntityByRef(templateRef, { credentials }),
    );
    if (template === 'missing')
      throw new NotFoundError(
        `No ClusterTemplate ${templateRef} in the catalog.`,
      );
    if (template === 'invalid')
      throw new InputError(
        `${templateRef} does not pass validation: fix the template before it can be priced.`,
      );
    return { templateRef, ...(await this.estimate(template.spec)) };
  }
}
