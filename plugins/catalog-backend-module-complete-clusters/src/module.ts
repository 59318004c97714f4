import { createBackendModule } from '@backstage/backend-plugin-api';
import { catalogProcessingExtensionPoint } from '@backstage/plugin-catalog-node';
import { ClusterTemplateProcessor } from './processor/ClusterTemplateProcessor';

/**
 * Adds the ClusterTemplate kind to the catalog, with the Scaffolder Template generated from each.
 * @public
 */
export const catalogModuleCompleteClusters = createBackendModule({
  pluginId: 'catalog',
  moduleId: 'complete-clusters',
  register(env) {
    env.registerInit({
      deps: { catalog: catalogProcessingExtensionPoint },
      async init({ catalog }) {
        catalog.addProcessor(new ClusterTemplateProcessor());
      },
    });
  },
});
