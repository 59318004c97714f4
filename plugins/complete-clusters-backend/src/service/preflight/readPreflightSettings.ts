import type { Config } from '@backstage/config';
import { configError } from '../../config/readCompleteClustersConfig';

/** What the pre-flight checks take from configuration. */
export interface PreflightSettings {
  /**
   * Managed clusters a subscription may have in one region. Azure lists this
   * quota on its Quotas page (provider Azure Kubernetes Service) but not
   * through the APIs this plugin uses, so it is configured.
   */
  managedClustersPerRegion: number;
}

/**
 * The most managed clusters a subscription may have, per the AKS limits
 * (learn.microsoft.com/azure/aks/quotas-skus-regions): 5,000. A subscription's
 * own quota per region is usually lower (set by subscription type; more on
 * request), which is why it is configurable; the default never refuses what
 * Azure would accept.
 */
export const DEFAULT_MANAGED_CLUSTERS_PER_REGION = 5000;

/** Reads `completeClusters.preflight`. */
export function readPreflightSettings(config: Config): PreflightSettings {
  const key = 'completeClusters.preflight.managedClustersPerRegion';
  const limit =
    config.getOptionalNumber(key) ?? DEFAULT_MANAGED_CLUSTERS_PER_REGION;
  if (!Number.isInteger(limit) || limit < 1)
    throw configError(
      key,
      `${limit} is not a whole number of clusters above 0`,
      "give the subscription's managed-cluster quota in a region, from the Azure portal's Quotas page (provider Azure Kubernetes Service), e.g. 100",
    );
  return { managedClustersPerRegion: limit };
}
