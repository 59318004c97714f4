import type { SchedulerServiceTaskScheduleDefinitionConfig } from '@backstage/backend-plugin-api';

export interface Config {
  /** Complete clusters: where clusters are made and how the engine paces itself. */
  completeClusters?: {
    azure: {
      /**
       * The default subscription of new clusters (GUID). Optional when
       * `subscriptions.byEnvironment` names one for every environment.
       */
      subscriptionId?: string;
      /**
       * Where new clusters go when not all in one subscription. The first
       * match wins: `byTemplate`, then `byEnvironment`, then `subscriptionId`.
       * A cluster keeps the subscription recorded at its request: every later
       * call for it (update, repair, scale, delete, drift) goes there, even
       * after this configuration changes.
       */
      subscriptions?: {
        /** By the template's `spec.environment`. */
        byEnvironment?: {
          development?: string;
          testing?: string;
          production?: string;
        };
        /** For single templates, e.g. GPU clusters in a subscription with GPU quota. */
        byTemplate?: Array<{
          /** A ClusterTemplate entity ref, e.g. `clustertemplate:default/gpu-training`. */
          templateRef: string;
          /** Its subscription (GUID). */
          subscriptionId: string;
        }>;
      };
      /** Azure Resource Manager endpoint; leave out for Azure public cloud. */
      endpoint?: string;
      /** Resource group name prefix; each cluster gets its own group, `<prefix><cluster name>`. */
      resourceGroupPrefix?: string;
      /**
       * The portal paces its own requests to each subscription to the limits Azure publishes,
       * shared by every replica (docs/configuration.md): ARM's reads (250, 25 a second),
       * writes (200, 10), deletes (200, 10); AKS's operation-status reads (200, 2), lists of the
       * subscription's managed clusters (500, 1) and other requests (60, 1).
       */
      pacing?: {
        /** false turns pacing off (default true). */
        enabled?: boolean;
        /** A wait for a token up to this long is waited inside the request (default 5000). */
        maxInlineWaitMs?: number;
        reads?: { capacity?: number; refillPerSecond?: number };
        writes?: { capacity?: number; refillPerSecond?: number };
        deletes?: { capacity?: number; refillPerSecond?: number };
        aksOperationStatus?: { capacity?: number; refillPerSecond?: number };
        aksSubscriptionClusterLists?: {
          capacity?: number;
          refillPerSecond?: number;
        };
        aksOther?: { capacity?: number; refillPerSecond?: number };
      };
      credential?: {
        /**
         * `default` (the default): DefaultAzureCredential, i.e. workload identity on AKS,
         * managed identity, a service principal from AZURE_* environment variables, or
         * the Azure CLI's sign-in. `accessToken`: the token below, for the local emulator.
         */
        type?: 'default' | 'accessToken';
        /**
         * A Resource Manager bearer token, a JWT (accessToken only). It is used until the
         * `exp` it carries; after that every Azure call is refused with the reason.
         * @visibility secret
         */
        token?: string;
      };
    };
    engine?: {
      /** Milliseconds between two polls of an Azure operation when Azure does not say (default 5000). */
      pollIntervalMs?: number;
      /**
       * The shortest pause in milliseconds between two polls of an Azure operation: the engine
       * polls at the operation's Retry-After, never sooner than this (default 1000).
       */
      minPollIntervalMs?: number;
      /** Seconds a backend replica holds a cluster before another may take over (default 60). */
      leaseSeconds?: number;
      /** Clusters one replica works on at once (default 10). */
      concurrency?: number;
      /** Transient Azure failures in a row (no answer, 5xx, failed operations) before the cluster is Failed (default 40, about 37 minutes at the default poll interval). */
      maxAttempts?: number;
      /** Seconds one Azure call (with the SDK's own retries) may take before the engine abandons it and tries again later (default 30). */
      requestTimeoutSeconds?: number;
      /** Minutes Flux may report an application not in place before the cluster is Failed (default 15). */
      applicationTimeoutMinutes?: number;
    };
    /**
     * The platform's GitOps content (the repository's `gitops/` folder): Helm
     * release wrappers, namespaces with pod security labels and default-deny
     * network policies. Every cluster's Flux configurations pull it from here.
     */
    gitops?: {
      /** Git URL of the repository (https, ssh or git@). */
      url: string;
      /** Exactly one of tag, commit or branch; pin a tag or commit in production. */
      ref: {
        tag?: string;
        commit?: string;
        branch?: string;
      };
      /** Folder of the GitOps content in the repository (default `gitops`). */
      path?: string;
    };
    /** Settings of the AKS add-ons templates may ask for. */
    addons?: {
      /** ARM id of the Log Analytics workspace that central logging (Container Insights) sends to. */
      logAnalyticsWorkspaceResourceId?: string;
    };
    /** Drift detection: every Ready cluster compared with Azure, and repaired where its template says so. */
    drift?: {
      /** How often (default every 5 minutes); each cycle makes one paged list per subscription of clusters, role and policy assignments. */
      schedule?: SchedulerServiceTaskScheduleDefinitionConfig;
      /** Clusters per subscription and cycle whose Flux extension and configurations are read (default 20). */
      deepChecksPerCycle?: number;
    };
    /** Time-to-live warnings and expiries (default every minute). */
    lifecycle?: {
      schedule?: SchedulerServiceTaskScheduleDefinitionConfig;
    };
    /**
     * How long the engine keeps cluster events. Decisions (requests, approvals,
     * rejections, updates, scaling, retries, deletions, expiries) and every
     * cluster's own record are kept for good, whatever this says.
     */
    retention?: {
      /** How long other events are kept: a duration such as { days: 90 } (the default) or P90D. */
      events?:
        | {
            years?: number;
            months?: number;
            weeks?: number;
            days?: number;
            hours?: number;
            minutes?: number;
          }
        | string;
      /** When old events are pruned (default daily). */
      schedule?: SchedulerServiceTaskScheduleDefinitionConfig;
    };
    /** The pre-flight checks run before a cluster is requested. */
    preflight?: {
      /**
       * Managed clusters a subscription may have in one region: its AKS
       * managed-cluster quota, from the Azure portal's Quotas page (provider
       * Azure Kubernetes Service). Default 5000, the most AKS allows a
       * subscription; most subscriptions have less per region.
       */
      managedClustersPerRegion?: number;
    };
    /** Prices for cost estimates and budgets, from Azure's public Retail Prices API (no credential). */
    prices?: {
      /** The Retail Prices API's base URL (default https://prices.azure.com); the quick start points it at the emulator. */
      endpoint?: string;
      /** ISO 4217 code the estimates are in (default USD); one the Retail Prices API answers in. */
      currency?: string;
      /** Prices older than this many hours are asked again on the schedule, and reported as stale until then (default 24). */
      refreshHours?: number;
    };
    /** Rollouts moving on to their next cluster (default every 5 seconds). */
    rollouts?: {
      schedule?: SchedulerServiceTaskScheduleDefinitionConfig;
    };
    /**
     * Microsoft Entra object ids of users and groups that the catalog does not
     * annotate (graph.microsoft.com/user-id, graph.microsoft.com/group-id), by
     * entity ref. Ids, not secrets.
     */
    principals?: Array<{
      /** A user or group, e.g. `user:development/guest`. */
      entityRef: string;
      /** Its Microsoft Entra object id (GUID). */
      objectId: string;
    }>;
  };
}
