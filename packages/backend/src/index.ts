/*
 * The portal's backend: standard Backstage plugins plus the complete-clusters
 * modules. Only wiring here; behaviour lives in plugins/.
 */
import { createBackend } from '@backstage/backend-defaults';

const backend = createBackend();

backend.add(import('@backstage/plugin-app-backend'));

// Sign-in (guest for the embedded defaults)
backend.add(import('@backstage/plugin-auth-backend'));
backend.add(import('@backstage/plugin-auth-backend-module-guest-provider'));
// Development only: sign in as one of a few example users (request as guest, approve as the platform engineer)
backend.add(import('@complete-clusters/plugin-auth-backend-module-development-users-provider'));

// Catalog, with the ClusterTemplate kind and its generated Scaffolder Templates
backend.add(import('@backstage/plugin-catalog-backend'));
backend.add(import('@backstage/plugin-catalog-backend-module-scaffolder-entity-model'));
backend.add(import('@backstage/plugin-catalog-backend-module-logs'));
backend.add(import('@backstage/plugin-catalog-backend-module-unprocessed'));
backend.add(import('@complete-clusters/plugin-catalog-backend-module-complete-clusters'));

// Scaffolder: the front door of every complete-cluster template
backend.add(import('@backstage/plugin-scaffolder-backend'));
backend.add(import('@complete-clusters/plugin-scaffolder-backend-module-complete-clusters'));

// Complete clusters: request store, reconciler driving Azure, HTTP API
backend.add(import('@complete-clusters/plugin-complete-clusters-backend'));

// Permissions
backend.add(import('@backstage/plugin-permission-backend'));
backend.add(import('@backstage/plugin-permission-backend-module-allow-all-policy'));

backend.add(import('@backstage/plugin-user-settings-backend'));

backend.start();
