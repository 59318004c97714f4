import type { LoggerService } from '@backstage/backend-plugin-api';
import type { PlatformSettings } from '../config/readCompleteClustersConfig';
import type { AzureClients } from '../azure/createAzureClients';
import type { ClusterStore } from '../database/types';
import { DriftDetector } from '../engine/drift/DriftDetector';
import type { DriftCycleReport } from '../engine/drift/DriftDetector';

/**
 * One cycle of the plugin's drift sync, run when the caller says.
 *
 * @public
 */
export interface DriftCheck {
  /**
   * Compares every Ready cluster of the store with Azure, subscription by
   * subscription, records drift and starts the repairs the templates ask for.
   */
  runCycle(): Promise<DriftCycleReport>;
}

/**
 * The plugin's drift detector over a store and Azure clients, without its
 * schedule: a test or benchmark runs each cycle itself.
 *
 * @public
 */
export function createDriftCheck(options: {
  store: ClusterStore;
  /** The Azure clients of each subscription the clusters live in. */
  clientsFor: (subscriptionId: string) => AzureClients;
  platform: PlatformSettings;
  logger: LoggerService;
  /** Clusters per subscription and cycle whose Flux extension and configurations are read (default 20). */
  deepChecksPerCycle?: number;
}): DriftCheck {
  return new DriftDetector(options);
}
