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
  ClusterTemplateSpec,
  CostEstimate,
} from '@complete-clusters/plugin-complete-clusters-common';
import { Access } from '../access';
import type { ServiceDeps } from '../serviceDeps';
import { currentTemplate } from '../updates/currentTemplate';
import { estimateCost } from './estimateCost';
import type { CachedPrice, PriceBook } from './PriceBook';

/**
 * The monthly cost of templates and requests, from the price book:
 * `GET /templates/:namespace/:name/cost` and the pre-flight answer's `cost`.
 */
export class CostService {
  private readonly access: Access;

  constructor(
    private readonly deps: Pick<
      ServiceDeps,
      'catalog' | 'permissions' | 'userInfo' | 'auth'
    > & { logger: LoggerService },
    readonly prices: PriceBook,
  ) {
    this.access = new Access(deps);
  }

  /** The estimate of a spec (a template's defaults, or a request's resolved answers). */
  estimate(spec: ClusterTemplateSpec): Promise<CostEstimate> {
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
    );
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
