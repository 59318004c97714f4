import type { LoggerService } from '@backstage/backend-plugin-api';
import type { SignalsService } from '@backstage/plugin-signals-node';
import {
  CLUSTER_CHANGED_SIGNAL_CHANNEL,
  type ClusterChangedSignal,
} from '@complete-clusters/plugin-complete-clusters-common';
import type { ClusterRecord } from '../database/types';
import type { ClusterRequestStore } from '../database/stores';

/**
 * How far back each look reaches before the last change it saw: SQLite keeps
 * times to the second, and a transaction's time is when it began, so a
 * change can land with a time a little before one already seen.
 */
export const CHANGE_OVERLAP_MS = 5_000;

/** Clusters read per query while catching up. */
const PAGE = 200;

/** What tells one change of a cluster from another (SQLite's times are whole seconds). */
function changeKey(cluster: ClusterRecord): string {
  return JSON.stringify([
    cluster.id,
    cluster.updatedAt,
    cluster.phase,
    cluster.statusMessage ?? '',
  ]);
}

/**
 * Tells the owner and the requester of each cluster that changed, through
 * Backstage's signals, so their open pages load it again at once rather than
 * at their next poll. Reads the clusters changed since its last look (any
 * replica's or engine's change is in the database), and publishes each change
 * once; a change looked at twice within the overlap is not signalled twice.
 * Signals only say that something changed: what changed is read through the
 * API, with the reader's permissions.
 */
export class ClusterChangeSignals {
  /** The latest change time seen (database time, milliseconds). */
  private seenUpTo: number;
  /** Changes already signalled within the overlap, by key, with their time. */
  private readonly signalled = new Map<string, number>();

  constructor(
    private readonly store: Pick<ClusterRequestStore, 'listClusterPage'>,
    private readonly signals: SignalsService,
    private readonly logger: LoggerService,
    now: number = Date.now(),
  ) {
    this.seenUpTo = now;
  }

  /** One look: publishes a signal per change not yet signalled; returns how many. */
  async publishChanges(): Promise<number> {
    const changedSince = new Date(
      this.seenUpTo - CHANGE_OVERLAP_MS,
    ).toISOString();
    let published = 0;
    let cursor: string | undefined;
    do {
      const page = await this.store.listClusterPage({
        changedSince,
        limit: PAGE,
        ...(cursor ? { cursor } : {}),
      });
      for (const cluster of page.records) {
        const key = changeKey(cluster);
        const at = Date.parse(cluster.updatedAt);
        this.seenUpTo = Math.max(this.seenUpTo, at);
        if (this.signalled.has(key)) continue;
        this.signalled.set(key, at);
        await this.publish(cluster);
        published++;
      }
      cursor = page.nextCursor;
    } while (cursor);
    for (const [key, at] of this.signalled)
      if (at < this.seenUpTo - 2 * CHANGE_OVERLAP_MS)
        this.signalled.delete(key);
    return published;
  }

  private async publish(cluster: ClusterRecord) {
    const message: ClusterChangedSignal = {
      id: cluster.id,
      name: cluster.name,
      phase: cluster.phase,
      updatedAt: cluster.updatedAt,
    };
    try {
      await this.signals.publish<ClusterChangedSignal>({
        recipients: {
          type: 'user',
          entityRef: [...new Set([cluster.ownerRef, cluster.requestedBy])],
        },
        channel: CLUSTER_CHANGED_SIGNAL_CHANNEL,
        message,
      });
    } catch (e) {
      // Pages still poll: a signal lost makes one page a few seconds late, never wrong.
      this.logger.warn(
        `Could not signal the change of cluster ${cluster.name}: ${e}`,
      );
    }
  }
}
