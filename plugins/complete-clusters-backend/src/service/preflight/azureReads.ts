import { ComputeManagementClient } from '@azure/arm-compute';
import type { TokenCredential } from '@azure/core-auth';
import type { AzureClients } from '../../azure/createAzureClients';
import { credentialFor } from '../../azure/createAzureClients';
import type { AzureSettings } from '../../config/readAzureSettings';

/** A VM size in a region as Compute's resource SKUs list it. */
export interface OfferedVmSize {
  name: string;
  family: string;
  vCpus: number;
  /** Restrictions for the subscription in this region: `Location` or `Zone`, with the reason. */
  restrictions: Array<{ type: string; reasonCode?: string; zones?: string[] }>;
}

/** One Compute usage: a VM family (or `cores`, the region's total) with what is used and the limit. */
export interface VCpuUsage {
  name: string;
  localizedName?: string;
  currentValue: number;
  limit: number;
}

/** A Kubernetes minor version a region offers, with its patches. */
export interface OfferedKubernetesVersion {
  version: string;
  patches: string[];
  isPreview: boolean;
}

/** The Azure reads the pre-flight checks make, for one subscription. */
export interface PreflightReads {
  vmSizes(location: string): Promise<OfferedVmSize[]>;
  usages(location: string): Promise<VCpuUsage[]>;
  kubernetesVersions(location: string): Promise<OfferedKubernetesVersion[]>;
  /** Whether a managed cluster of that name exists in that resource group. */
  managedClusterExists(resourceGroup: string, name: string): Promise<boolean>;
  /** How many managed clusters the subscription has in the region (one list of the subscription's clusters, every page). */
  managedClustersIn(location: string): Promise<number>;
  /** ARM requests made so far (a paged list counts each page). */
  readonly count: number;
}

function statusOf(e: unknown): number | undefined {
  const status = (e as { statusCode?: unknown })?.statusCode;
  return typeof status === 'number' ? status : undefined;
}

/** Regions compare as ARM writes them in ids and as people do: `Central India` is `centralindia`. */
const normalizeRegion = (location: string) =>
  location.toLowerCase().replace(/\s/g, '');

/** Reads with the official SDKs: `@azure/arm-compute` for SKUs and usages, `@azure/arm-containerservice` for the rest. */
export class SdkPreflightReads implements PreflightReads {
  count = 0;

  constructor(
    private readonly compute: ComputeManagementClient,
    private readonly clients: AzureClients,
  ) {}

  async vmSizes(location: string): Promise<OfferedVmSize[]> {
    const out: OfferedVmSize[] = [];
    this.count++;
    const pages = this.compute.resourceSkus
      .list({ filter: `location eq '${location}'` })
      .byPage();
    let first = true;
    for await (const page of pages) {
      if (!first) this.count++;
      first = false;
      for (const sku of page) {
        if (sku.resourceType !== 'virtualMachines' || !sku.name) continue;
        const vCpus = Number(
          sku.capabilities?.find(c => c.name === 'vCPUs')?.value,
        );
        out.push({
          name: sku.name,
          family: sku.family ?? '',
          vCpus: Number.isFinite(vCpus) ? vCpus : 0,
          restrictions: (sku.restrictions ?? []).map(r => ({
            type: r.type ?? '',
            reasonCode: r.reasonCode,
            zones: r.restrictionInfo?.zones,
          })),
        });
      }
    }
    return out;
  }

  async usages(location: string): Promise<VCpuUsage[]> {
    const out: VCpuUsage[] = [];
    this.count++;
    let first = true;
    for await (const page of this.compute.usage.list(location).byPage()) {
      if (!first) this.count++;
      first = false;
      for (const u of page) {
        if (!u.name?.value) continue;
        out.push({
          name: u.name.value,
          localizedName: u.name.localizedValue,
          currentValue: u.currentValue,
          limit: u.limit,
        });
      }
    }
    return out;
  }

  async kubernetesVersions(
    location: string,
  ): Promise<OfferedKubernetesVersion[]> {
    this.count++;
    const list =
      await this.clients.containerService.managedClusters.listKubernetesVersions(
        location,
      );
    return (list.values ?? []).map(v => ({
      version: v.version ?? '',
      patches: Object.keys(v.patchVersions ?? {}),
      isPreview: v.isPreview === true,
    }));
  }

  async managedClusterExists(
    resourceGroup: string,
    name: string,
  ): Promise<boolean> {
    this.count++;
    try {
      await this.clients.containerService.managedClusters.get(
        resourceGroup,
        name,
      );
      return true;
    } catch (e) {
      // ResourceNotFound, or ResourceGroupNotFound: free either way.
      if (statusOf(e) === 404) return false;
      throw e;
    }
  }
  async managedClustersIn(location: string): Promise<number> {
    const wanted = normalizeRegion(location);
    let n = 0;
    this.count++;
    let first = true;
    for await (const page of this.clients.containerService.managedClusters
      .list()
      .byPage()) {
      if (!first) this.count++;
      first = false;
      for (const cluster of page)
        if (normalizeRegion(cluster.location ?? '') === wanted) n++;
    }
    return n;
  }
}

/**
 * Compute clients per subscription, sharing one credential, made as the
 * engine's clients are: the configured endpoint, and no retries inside a
 * request (a throttled read makes its check `unknown`, it does not sleep).
 */
export function computeClientsBySubscription(
  azure: Pick<AzureSettings, 'endpoint' | 'credential'>,
  credential: TokenCredential = credentialFor(azure.credential),
): (subscriptionId: string) => ComputeManagementClient {
  const clients = new Map<string, ComputeManagementClient>();
  return subscriptionId => {
    const key = subscriptionId.toLowerCase();
    let client = clients.get(key);
    if (!client) {
      client = new ComputeManagementClient(credential, subscriptionId, {
        retryOptions: { maxRetries: 0 },
        ...(azure.endpoint ? { endpoint: azure.endpoint } : {}),
      });
      clients.set(key, client);
    }
    return client;
  };
}
