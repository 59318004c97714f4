export interface Config {
  /** Complete clusters: where clusters are made and how the engine paces itself. */
  completeClusters?: {
    azure: {
      /** Subscription the clusters are created in (GUID). */
      subscriptionId: string;
      /** Azure Resource Manager endpoint; leave out for Azure public cloud. */
      endpoint?: string;
      /** Resource group name prefix; each cluster gets its own group, `<prefix><cluster name>`. */
      resourceGroupPrefix?: string;
      credential?: {
        /** `default`: DefaultAzureCredential (environment, workload identity, managed identity, Azure CLI). `accessToken`: the token below. */
        type?: 'default' | 'accessToken';
        /**
         * A bearer token for Resource Manager (accessToken only).
         * @visibility secret
         */
        token?: string;
      };
    };
    engine?: {
      /** Milliseconds between two polls of an Azure operation when Azure does not say (default 5000). */
      pollIntervalMs?: number;
      /** Seconds a backend replica holds a cluster before another may take over (default 60). */
      leaseSeconds?: number;
      /** Clusters one replica works on at once (default 10). */
      concurrency?: number;
      /** Attempts of a phase after transient Azure errors before the cluster is Failed (default 6). */
      maxAttempts?: number;
    };
  };
}
