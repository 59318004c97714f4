import { X509Certificate } from 'node:crypto';
import type { ContainerServiceClient } from '@azure/arm-containerservice';
import { parse } from 'yaml';

/** Where a cluster's API server is and which CA signs its certificate: public facts only. */
export interface ClusterApiServer {
  /** The API server URL as the kubeconfig names it, e.g. https://x.hcp.westeurope.azmk8s.io:443 */
  server: string;
  /** PEM of the CA certificate. */
  certificateAuthority: string;
}

/** A kubeconfig Azure handed out that does not say what we need: names the cluster, never shows the kubeconfig. */
export class KubeconfigError extends Error {
  readonly code = 'KubeconfigUnreadable';
  constructor(clusterName: string, why: string) {
    super(`The kubeconfig Azure listed for ${clusterName} ${why}`);
    this.name = 'KubeconfigError';
  }
}

function hostOf(url: unknown): string | undefined {
  try {
    return typeof url === 'string'
      ? new URL(url).hostname.toLowerCase()
      : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The API server and CA of a managed cluster, read from the user credential
 * Azure lists for it (`listClusterUserCredential`). Only the kubeconfig's
 * `clusters` entry for the cluster's own fqdn is read; the user entry (a
 * kubelogin command for Entra ID clusters, a token for clusters with local
 * accounts) is never kept, returned or logged.
 */
export async function readClusterApiServer(
  managedClusters: ContainerServiceClient['managedClusters'],
  resourceGroup: string,
  clusterName: string,
  fqdn: string | undefined,
): Promise<ClusterApiServer> {
  const result = await managedClusters.listClusterUserCredentials(
    resourceGroup,
    clusterName,
  );
  const value =
    result.kubeconfigs?.find(k => k.name === 'clusterUser')?.value ??
    result.kubeconfigs?.[0]?.value;
  if (!value) throw new KubeconfigError(clusterName, 'is empty.');
  let config: any;
  try {
    config = parse(Buffer.from(value).toString('utf8'));
  } catch {
    throw new KubeconfigError(clusterName, 'is not YAML.');
  }
  const clusters: any[] = Array.isArray(config?.clusters)
    ? config.clusters
    : [];
  const wanted = fqdn?.toLowerCase();
  const entry =
    clusters.find(c => wanted && hostOf(c?.cluster?.server) === wanted) ??
    (clusters.length === 1 ? clusters[0] : undefined);
  const server = entry?.cluster?.server;
  const caData = entry?.cluster?.['certificate-authority-data'];
  if (typeof server !== 'string' || typeof caData !== 'string' || !caData) {
    throw new KubeconfigError(
      clusterName,
      `has no cluster entry with a server${
        fqdn ? ` at ${fqdn}` : ''
      } and its certificate-authority-data.`,
    );
  }
  const certificateAuthority = Buffer.from(caData, 'base64').toString('utf8');
  try {
    if (!new X509Certificate(certificateAuthority).ca)
      throw new Error('not a CA');
  } catch {
    throw new KubeconfigError(
      clusterName,
      'has certificate-authority-data that is not a PEM CA certificate.',
    );
  }
  return { server, certificateAuthority };
}
