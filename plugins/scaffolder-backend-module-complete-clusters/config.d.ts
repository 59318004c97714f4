export interface Config {
  completeClusters?: {
    /** The Scaffolder actions of complete clusters. */
    scaffolder?: {
      /**
       * Seconds between two looks at a cluster while complete-clusters:cluster:wait
       * follows it (default 2).
       */
      pollIntervalSeconds?: number;
    };
  };
}
