import type { LoggerService } from '@backstage/backend-plugin-api';
import type {
  ClusterCheckStore,
  ClusterEventStore,
  ClusterRequestStore,
} from '../../database/stores';

/** What the expiry check reads and records. */
export type ExpiryMonitorStore = Pick<
  ClusterRequestStore,
  'listClusters' | 'requestDeletion'
> &
  Pick<ClusterEventStore, 'appendEvent'> &
  Pick<ClusterCheckStore, 'setExpiryWarned'>;

/**
 * Enforces templates' time to live: warns a cluster's owner, in its history
 * and status, `warnBeforeHours` before it expires, and asks the engine to
 * delete it once it has. Runs on the scheduler; idempotent, so several
 * replicas or a missed run do no harm.
 */
export class ExpiryMonitor {
  constructor(
    private readonly deps: {
      store: ExpiryMonitorStore;
      logger: LoggerService;
      /** Called when a deletion was asked for, so the engine starts at once. */
      onDeletion?: () => void;
      now?: () => number;
    },
  ) {}

  async check(): Promise<{ warned: number; expired: number }> {
    const { store, logger } = this.deps;
    const now = this.deps.now?.() ?? Date.now();
    let warned = 0;
    let expired = 0;
    for (const cluster of await store.listClusters({ expiring: true })) {
      if (
        !cluster.expiresAt ||
        cluster.deletion ||
        cluster.phase === 'Deleting'
      )
        continue;
      const expiresAt = Date.parse(cluster.expiresAt);
      if (now >= expiresAt) {
        if (await store.requestDeletion(cluster.id, { cause: 'expiry' })) {
          expired++;
          await store.appendEvent({
            clusterId: cluster.id,
            phase: cluster.phase,
            level: 'warning',
            decision: true,
            message: `Cluster ${cluster.name} expired at ${cluster.expiresAt} (its template gives clusters ${cluster.spec.expiry?.timeToLiveHours} h); deleting it`,
          });
          logger.info(`Cluster ${cluster.name} expired; deleting it`);
        }
        continue;
      }
      const warnHours = cluster.spec.expiry?.warnBeforeHours;
      if (
        warnHours !== undefined &&
        !cluster.expiryWarnedAt &&
        now >= expiresAt - warnHours * 3_600_000
      ) {
        warned++;
        const message = `Cluster ${cluster.name} will be deleted at ${cluster.expiresAt}, when its time to live runs out. Save what you need from it before then.`;
        await store.setExpiryWarned(cluster.id, new Date(now).toISOString());
        await store.appendEvent({
          clusterId: cluster.id,
          phase: cluster.phase,
          level: 'warning',
          message,
        });
      }
    }
    if (expired > 0) this.deps.onDeletion?.();
    return { warned, expired };
  }
}
