import type { LoggerService } from '@backstage/backend-plugin-api';
import type {
  EngineSettings,
  PlatformSettings,
} from '../config/readCompleteClustersConfig';
import type { ClusterRecord } from '../database/types';
import type { ClusterStepStore, WorkQueueStore } from '../database/stores';
import type { AzureClients } from '../azure/createAzureClients';
import { LeaseLostError } from '../database/LeaseLostError';
import { runPhase, PhaseDeps, PhaseOutcome } from './phases';
import { ThrottleGate } from './ThrottleGate';

/**
 * Drives every cluster that needs work toward Ready, one phase step at a
 * time. A step is short (one Azure write, or one poll of an Azure operation),
 * so a replica never blocks on a slow operation; between steps the cluster
 * sits in the database with its operation state, and any replica (or this
 * one after a restart) takes it up again from there.
 */
export class Reconciler {
  private running?: Promise<void>;
  private leasedStore?: ClusterStepStore;
  private again = false;
  private stopped = false;
  /** The wake this replica set for the soonest step it left due (an operation's Retry-After). */
  private timer?: ReturnType<typeof setTimeout>;
  private timerAt = Infinity;
  /** Azure limits managed-cluster writes per subscription, so each subscription has its own gate. */
  private readonly clusterPuts = new Map<string, ThrottleGate>();

  constructor(
    private readonly deps: {
      /** Where it claims clusters to work on, and its lease-fenced store for each step. */
      store: WorkQueueStore;
      /** The Azure clients of a subscription: each cluster's calls go to the subscription recorded on it. */
      clientsFor: (subscriptionId: string) => AzureClients;
      settings: EngineSettings;
      platform: PlatformSettings;
      logger: LoggerService;
      workerId: string;
    },
  ) {}

  /** What a step on this cluster works with: the clients and write gate of the cluster's own subscription. */
  private phaseDeps(cluster: ClusterRecord): PhaseDeps {
    const subscriptionId = cluster.azure.subscriptionId.toLowerCase();
    let clusterPuts = this.clusterPuts.get(subscriptionId);
    if (!clusterPuts) {
      clusterPuts = new ThrottleGate({ calmMs: 60_000 });
      this.clusterPuts.set(subscriptionId, clusterPuts);
    }
    // Every write of the step is fenced by this replica's lease on the cluster.
    return {
      ...this.deps,
      store: this.leased,
      azure: this.deps.clientsFor(subscriptionId),
      clusterPuts,
    };
  }

  /** Runs passes until nothing is due; a call while a pass runs schedules one more. */
  wake(): Promise<void> {
    if (this.stopped) return Promise.resolve();
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = (async () => {
      try {
        do {
          this.again = false;
          await this.pass();
        } while (this.again && !this.stopped);
      } finally {
        this.running = undefined;
      }
    })();
    return this.running;
  }

  /** Stops taking new work; steps in flight finish. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
  }

  /**
   * Wakes when a step this replica left is due (an Azure operation's
   * Retry-After), rather than at the scheduler's next tick: a poll is never
   * late by a tick. The cluster stays due in the database for any replica.
   */
  private wakeIn(delayMs: number) {
    const at = Date.now() + delayMs;
    if (this.stopped || at >= this.timerAt) return;
    clearTimeout(this.timer);
    this.timerAt = at;
    // A few ms past the due time: the claim compares with the time the lease was released until.
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.timerAt = Infinity;
      void this.wake();
    }, delayMs + 5);
    this.timer.unref?.();
  }

  /** Takes up to `concurrency` due clusters and runs one step on each. */
  private async pass(): Promise<void> {
    const { store, settings, workerId } = this.deps;
    const inFlight = new Set<Promise<void>>();
    for (;;) {
      if (this.stopped) break;
      const cluster = await store.claimWork(workerId, settings.leaseMs);
      if (!cluster) break;
      const step = this.step(cluster).finally(() => inFlight.delete(step));
      inFlight.add(step);
      if (inFlight.size >= settings.concurrency) await Promise.race(inFlight);
    }
    await Promise.all(inFlight);
  }

  private get leased(): ClusterStepStore {
    this.leasedStore ??= this.deps.store.leasedBy(this.deps.workerId);
    return this.leasedStore;
  }

  private async step(cluster: ClusterRecord): Promise<void> {
    const { store, logger, workerId } = this.deps;
    let outcome: PhaseOutcome;
    try {
      outcome = await runPhase(cluster, this.phaseDeps(cluster));
    } catch (e) {
      if (e instanceof LeaseLostError) {
        // The step outlived the lease (a slow Azure call): another replica may have the cluster now; nothing was written.
        logger.warn(
          `Cluster ${cluster.name}: ${e.message}; leaving it to the replica that holds it`,
        );
        return;
      }
      // A bug or a database hiccup, not an Azure answer: keep the cluster, try again later.
      logger.error(
        `Cluster ${cluster.name}: step in phase ${cluster.phase} failed unexpectedly`,
        e as Error,
      );
      outcome = { delayMs: this.deps.settings.pollIntervalMs };
    }
    await store.releaseLease(cluster.id, workerId, outcome.delayMs);
    if (outcome.delayMs === 0) this.again = true;
    else this.wakeIn(outcome.delayMs);
  }
}
