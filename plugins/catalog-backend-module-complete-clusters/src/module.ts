import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { catalogProcessingExtensionPoint } from '@backstage/plugin-catalog-node';
import { ClusterTemplateProcessor } from './processor/ClusterTemplateProcessor';
import { ClusterEntityProvider } from './provider/ClusterEntityProvider';

/**
 * Adds the ClusterTemplate kind to the catalog, with the Scaffolder Template
 * generated from each, and publishes every requested cluster as a Resource.
 * @public
 */
export const catalogModuleCompleteClusters = createBackendModule({
  pluginId: 'catalog',
  moduleId: 'complete-clusters',
  register(env) {
    env.registerInit({
      deps: {
        catalog: catalogProcessingExtensionPoint,
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        scheduler: coreServices.scheduler,
        discovery: coreServices.discovery,
        auth: coreServices.auth,
      },
      async init({ catalog, config, logger, scheduler, discovery, auth }) {
        catalog.addProcessor(new ClusterTemplateProcessor());
        catalog.addEntityProvider(
          ClusterEntityProvider.fromConfig(config, {
            logger,
            scheduler,
            discovery,
            auth,
          }),
        );
      },
    });
  },
});
