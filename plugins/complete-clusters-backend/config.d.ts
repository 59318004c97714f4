import type { SchedulerServiceTaskScheduleDefinitionConfig } from '@backstage/backend-plugin-api';

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
