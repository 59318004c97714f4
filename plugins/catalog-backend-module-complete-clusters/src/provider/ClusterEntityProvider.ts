import { createHash } from 'crypto';
import {
  AuthService,
  DiscoveryService,
  LoggerService,
  readSchedulerServiceTaskScheduleDefinitionFromConfig,
  RootConfigService,
  SchedulerService,
  SchedulerServiceTaskRunner,
  SchedulerServiceTaskScheduleDefinition,
} from '@backstage/backend-plugin-api';
import { stringifyEntityRef } from '@backstage/catalog-model';
import type {
  DeferredEntity,
  EntityProvider,
  EntityProviderConnection,
} from '@backstage/plugin-catalog-node';
import {
  Cluster,
  clusterEntityName,
  COMPLETE_CLUSTERS_PLUGIN_ID,
  CompleteClustersClient,
} from '@complete-clusters/plugin-complete-clusters-common';
import { clusterEntity } from './clusterEntity';
import { entityProblems } from './entityProblems';

/** Where the provider's schedule is read from. */
export const SCHEDULE_CONFIG_KEY = 'completeClusters.catalog.schedule';
/** Minutes between two full resyncs, the safety net under the changes. */
export const FULL_SYNC_CONFIG_KEY = 'completeClusters.catalog.fullSyncMinutes';
export const DEFAULT_FULL_SYNC_MINUTES = 30;
/**
 * How far back each run asks again for changes before the newest it saw: a
 * change committed late (in a transaction that began earlier) is not missed.
 * What it finds again unchanged is not applied again.
 */
export const CHANGE_OVERLAP_MS = 10_000;

/**
 * Every 3 seconds, so that a cluster shows in the catalog within seconds of
 * its request and its phase follows the engine closely. A run asks the
 * backend only for the clusters changed since the last, and applies them as
 * a delta: nothing at all when nothing changed.
 */
export const DEFAULT_SCHEDULE: SchedulerServiceTaskScheduleDefinition = {
  frequency: { seconds: 3 },
  timeout: { minutes: 1 },
};

function messageOf(error: unknown): string {
  return error instanceof Error
    ? `${error.name}: ${error.message}`
    : String(error);
}

/**
 * Publishes every requested complete cluster as a catalog Resource of type
 * `kubernetes-cluster`, from the complete-clusters backend's API. The first
 * run (after every start) and then one run every `fullSyncMinutes` apply a
 * full mutation of everything the API lists; the runs between ask only for
 * the clusters changed since (`changedSince`) and apply a delta mutation:
 * changed clusters added, deleted and rejected ones removed. A run that
 * cannot reach the API changes nothing, and an item that cannot be published
 * is skipped with a warning without holding back the others.
 *
 * @public
 */
export class ClusterEntityProvider implements EntityProvider {
  private readonly client: CompleteClustersClient;
  private connection?: EntityProviderConnection;
  /** What was last logged, so that a state repeated every few seconds is logged once. */
  private lastError?: string;
  private lastSummary?: string;
  private readonly lastSkips = new Map<string, string>();
  /** The newest change seen (the API's updatedAt): the next run asks for changes since (less an overlap). */
  private changedUpTo?: number;
  private lastFullSyncAt = 0;
  /**
   * What is in the catalog now: each published cluster's entity (a digest),
   * by name. Compared by content, not by updatedAt: on SQLite updatedAt has
   * whole seconds, and two changes in one second share it.
   */
  private readonly published = new Map<string, string>();
  /**
   * The finished (Deleted, Rejected) clusters whose removal was applied, with
   * their updatedAt: found again in the overlap, they are not removed again.
   * Removals do not depend on what this replica published: another replica
   * may have run the full sync that published the cluster.
   */
  private readonly removed = new Map<string, string>();

  /**
   * Reads the schedule from `completeClusters.catalog.schedule`, or runs every
   * 3 seconds with a 1 minute timeout.
   */
  static fromConfig(
    config: RootConfigService,
    options: {
      logger: LoggerService;
      scheduler: SchedulerService;
      discovery: DiscoveryService;
      auth: AuthService;
    },
  ): ClusterEntityProvider {
    const scheduleConfig = config.getOptionalConfig(SCHEDULE_CONFIG_KEY);
    const schedule = scheduleConfig
      ? readSchedulerServiceTaskScheduleDefinitionFromConfig(scheduleConfig)
      : DEFAULT_SCHEDULE;
    const fullSyncMinutes =
      config.getOptionalNumber(FULL_SYNC_CONFIG_KEY) ??
      DEFAULT_FULL_SYNC_MINUTES;
    if (!Number.isFinite(fullSyncMinutes) || fullSyncMinutes <= 0)
      throw new Error(
        `Invalid configuration ${FULL_SYNC_CONFIG_KEY}: ${fullSyncMinutes} is not a positive number. Fix: give the minutes between two full resyncs of the catalog, e.g. ${DEFAULT_FULL_SYNC_MINUTES}.`,
      );
    return new ClusterEntityProvider(
      options.scheduler.createScheduledTaskRunner(schedule),
      options.logger,
      options.discovery,
      options.auth,
      fullSyncMinutes * 60_000,
    );
  }

  private constructor(
    private readonly taskRunner: SchedulerServiceTaskRunner,
    private readonly logger: LoggerService,
    private readonly discovery: DiscoveryService,
    private readonly auth: AuthService,
    private readonly fullSyncMs: number,
  ) {
    this.client = new CompleteClustersClient({ discoveryApi: discovery });
  }

  getProviderName(): string {
    return 'complete-clusters';
  }

  async connect(connection: EntityProviderConnection): Promise<void> {
    this.connection = connection;
    await this.taskRunner.run({
      id: `${this.getProviderName()}:refresh`,
      fn: signal => this.refresh(signal),
    });
  }

  private async refresh(signal?: AbortSignal): Promise<void> {
    const connection = this.connection;
    if (!connection)
      throw new Error('ClusterEntityProvider is not connected to the catalog');

    let clusters: Cluster[];
    let apiBaseUrl: string;
    const startedAt = Date.now();
    const full =
      this.changedUpTo === undefined ||
      startedAt - this.lastFullSyncAt >= this.fullSyncMs;
    try {
      const { token } = await this.auth.getPluginRequestToken({
        onBehalfOf: await this.auth.getOwnServiceCredentials(),
        targetPluginId: COMPLETE_CLUSTERS_PLUGIN_ID,
      });
      clusters = await this.client.listClusters(
        full
          ? {}
          : {
              changedSince: new Date(
                this.changedUpTo! - CHANGE_OVERLAP_MS,
              ).toISOString(),
            },
        { token, signal },
      );
      apiBaseUrl = await this.discovery.getExternalBaseUrl(
        COMPLETE_CLUSTERS_PLUGIN_ID,
      );
    } catch (error) {
      // Never an empty full mutation here: that would remove every cluster from the catalog.
      const message = `Could not list clusters from the ${COMPLETE_CLUSTERS_PLUGIN_ID} backend; the catalog keeps the clusters it has until the next run. ${messageOf(
        error,
      )}`;
      if (message !== this.lastError) this.logger.error(message);
      else this.logger.debug(message);
      this.lastError = message;
      return;
    }
    if (this.lastError)
      this.logger.info(
        `Listing clusters from the ${COMPLETE_CLUSTERS_PLUGIN_ID} backend works again`,
      );
    this.lastError = undefined;

    const entities: DeferredEntity[] = [];
    const names = new Set<string>();
    const skips = new Map<string, string>();
    /** Of each name, the digest of the entity published; a finished cluster (Deleted, Rejected) is not. */
    const seen = new Map<string, string>();
    const finished = new Map<string, string>();
    for (const cluster of clusters) {
      const changedAt = Date.parse(cluster.updatedAt);
      if (Number.isFinite(changedAt))
        this.changedUpTo = Math.max(this.changedUpTo ?? 0, changedAt);
      // A rejected request never became a cluster; a deleted one is gone (listed only as a change).
      if (cluster.phase === 'Rejected' || cluster.phase === 'Deleted') {
        finished.set(cluster.name, cluster.updatedAt);
        continue;
      }
      const entity = clusterEntity(cluster, { apiBaseUrl });
      const digest = createHash('sha256')
        .update(JSON.stringify(entity))
        .digest('base64');
      // Found again in the overlap of two runs, unchanged: the catalog has it.
      if (!full && this.published.get(cluster.name) === digest) {
        names.add(cluster.name);
        continue;
      }
      const problems = names.has(cluster.name)
        ? [
            `name: "${cluster.name}" is listed more than once; only the first is published`,
          ]
        : await entityProblems(entity);
      if (problems.length > 0) {
        skips.set(`cluster "${cluster.name}"`, problems.join('; '));
        continue;
      }
      names.add(cluster.name);
      seen.set(cluster.name, digest);
      entities.push({ entity, locationKey: this.getProviderName() });
    }

    this.changedUpTo ??= startedAt;
    if (full) {
      await connection.applyMutation({ type: 'full', entities });
      this.published.clear();
      this.removed.clear();
      this.lastFullSyncAt = startedAt;
    } else {
      // A name whose cluster went (deleted, rejected) and has no live cluster now leaves the catalog.
      const gone = [...finished.keys()].filter(
        name =>
          !names.has(name) && this.removed.get(name) !== finished.get(name),
      );
      if (entities.length > 0 || gone.length > 0)
        await connection.applyMutation({
          type: 'delta',
          added: entities,
          removed: gone.map(name => ({
            entityRef: stringifyEntityRef(clusterEntityName(name)),
            locationKey: this.getProviderName(),
          })),
        });
      for (const name of gone) {
        this.published.delete(name);
        this.removed.set(name, finished.get(name)!);
      }
    }
    for (const [name, digest] of seen) this.published.set(name, digest);

    for (const [label, problems] of skips) {
      const message = `Skipped ${label} from the ${COMPLETE_CLUSTERS_PLUGIN_ID} API, it is not published in the catalog: ${problems}`;
      if (this.lastSkips.get(label) !== problems) this.logger.warn(message);
      else this.logger.debug(message);
    }
    this.lastSkips.clear();
    for (const [label, problems] of skips) this.lastSkips.set(label, problems);

    const summary = `Published ${
      this.published.size
    } cluster(s) in the catalog${skips.size ? `, skipped ${skips.size}` : ''}`;
    if (summary !== this.lastSummary) this.logger.info(summary);
    else this.logger.debug(summary);
    this.lastSummary = summary;
  }
}
