/**
 * Backend plugin of complete clusters: the store of cluster requests and
 * their events, the reconciler that drives Azure through the official SDK,
 * and the HTTP API the portal, the Scaffolder actions and the catalog use.
 * Install it with `backend.add(import(...))`; its settings are described
 * by the types below. Tests and benchmarks drive its parts through the
 * `testUtils` entry point.
 *
 * @packageDocumentation
 */
export { completeClustersPlugin as default } from './plugin';
export type {
  AzureCredentialSettings,
  AzureSettings,
  SubscriptionSettings,
} from './config/readAzureSettings';
export type {
  EngineSettings,
  PlatformSettings,
} from './config/readCompleteClustersConfig';
