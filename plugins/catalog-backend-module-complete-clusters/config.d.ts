import type { SchedulerServiceTaskScheduleDefinitionConfig } from '@backstage/backend-plugin-api';

export interface Config {
  completeClusters?: {
    /** How the catalog publishes requested clusters. */
    catalog?: {
      /**
       * How often the catalog lists the clusters from the complete-clusters
       * backend and publishes them as Resources. Default: every 3 seconds,
       * with a 1 minute timeout.
       */
      schedule?: SchedulerServiceTaskScheduleDefinitionConfig;
      /**
       * Minutes between two full resyncs of every cluster (default 30); the
       * runs between apply only the clusters changed since the last run.
       */
      fullSyncMinutes?: number;
    };
  };
}
