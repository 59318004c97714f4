import type { AuthService, LoggerService } from '@backstage/backend-plugin-api';
import { stringifyEntityRef } from '@backstage/catalog-model';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import { CLUSTER_TEMPLATE_KIND } from '@complete-clusters/plugin-complete-clusters-common';
import type { DatabaseTemplateHistory } from '../../database/DatabaseTemplateHistory';
import { currentTemplate } from '../updates/currentTemplate';

/**
 * Records the version of every valid ClusterTemplate the catalog shows, for
 * the templates' history. Reads the catalog with the plugin's own
 * credentials: what is recorded does not depend on who asks.
 */
export class TemplateVersionRecorder {
  constructor(
    private readonly deps: {
      catalog: Pick<CatalogService, 'getEntities'>;
      auth: Pick<AuthService, 'getOwnServiceCredentials'>;
      logger: LoggerService;
      history: Pick<DatabaseTemplateHistory, 'record'>;
    },
  ) {}

  /** Records the current version of every valid ClusterTemplate in the catalog; returns how many were new. */
  async recordAll(): Promise<number> {
    const credentials = await this.deps.auth.getOwnServiceCredentials();
    const { items } = await this.deps.catalog.getEntities(
      { filter: { kind: CLUSTER_TEMPLATE_KIND } },
      { credentials },
    );
    let recorded = 0;
    for (const entity of items) {
      const template = currentTemplate(entity);
      if (typeof template !== 'object') continue;
      if (
        await this.deps.history.record(
          stringifyEntityRef(template),
          template.spec,
        )
      )
        recorded += 1;
    }
    if (recorded > 0)
      this.deps.logger.info(
        `Recorded ${recorded} new ClusterTemplate version${
          recorded === 1 ? '' : 's'
        }`,
      );
    return recorded;
  }
}
