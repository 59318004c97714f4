/**
 * Backend plugin of complete clusters: the store of cluster requests and
 * their events, the reconciler that drives Azure through the official SDK,
 * and the HTTP API the portal, the Scaffolder actions and the catalog use.
 *
 * @packageDocumentation
 */
export { completeClustersPlugin as default } from './plugin';
export type {
  ClusterEvent,
  ClusterRecord,
  ClusterStore,
  NewClusterRequest,
} from './database/types';
export { createAzureClients } from './azure/createAzureClients';
export { azureIdsFor } from './azure/azureIds';
export type { AzureClients, AzureConnection } from './azure/createAzureClients';
export type {
  AzureCredentialSettings,
  AzureSettings,
  SubscriptionSettings,
} from './config/readAzureSettings';
export type {
  EngineSettings,
  PlatformSettings,
} from './config/readCompleteClustersConfig';
export type { Principals } from './database/types';
