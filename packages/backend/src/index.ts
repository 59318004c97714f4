/*
 * The portal's backend: standard Backstage plugins plus the complete-clusters
 * modules. Only wiring here; behaviour lives in plugins/.
 */
import { createBackend } from '@backstage/backend-defaults';
import { rootHttpRouter } from './rootHttpRouter';
import { signInProviders } from './signInProviders';

const backend = createBackend();

// Backstage's HTTP defaults, but no stack traces in error answers, even under `yarn start`
backend.add(rootHttpRouter);

backend.add(import('@backstage/plugin-app-backend'));

// Sign-in: the guest and development sign-ins only where configured (the quick start)
backend.add(import('@backstage/plugin-auth-backend'));
backend.add(signInProviders);

// Catalog, with the ClusterTemplate kind and its generated Scaffolder Templates
backend.add(import('@backstage/plugin-catalog-backend'));
backend.add(
  import('@backstage/plugin-catalog-backend-module-scaffolder-entity-model'),
);
backend.add(import('@backstage/plugin-catalog-backend-module-logs'));
backend.add(import('@backstage/plugin-catalog-backend-module-unprocessed'));
backend.add(
  import('@complete-clusters/plugin-catalog-backend-module-complete-clusters'),
);

// Scaffolder: the front door of every complete-cluster template
backend.add(import('@backstage/plugin-scaffolder-backend'));
backend.add(
  import(
    '@complete-clusters/plugin-scaffolder-backend-module-complete-clusters'
  ),
);

// Complete clusters: request store, reconciler driving Azure, HTTP API
backend.add(import('@complete-clusters/plugin-complete-clusters-backend'));

// Kubernetes: the workloads of each cluster, found through the catalog's cluster Resources
backend.add(import('@backstage/plugin-kubernetes-backend'));

// Permissions
backend.add(import('@backstage/plugin-permission-backend'));
backend.add(
  import('@backstage/plugin-permission-backend-module-allow-all-policy'),
);

backend.add(import('@backstage/plugin-user-settings-backend'));

// Signals: pages that show a cluster load it again as soon as it changes, instead of at their next poll
backend.add(import('@backstage/plugin-signals-backend'));

backend.start();
