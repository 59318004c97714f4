import type { LoggerService } from '@backstage/backend-plugin-api';
import type { ClusterPhase } from '@complete-clusters/plugin-complete-clusters-common';
import type {
  EngineSettings,
  PlatformSettings,
} from '../config/readCompleteClustersConfig';
import type { ClusterPatch, ClusterRecord } from '../database/types';
import type { ClusterStepStore } from '../database/stores';
import type { AzureClients } from '../azure/createAzureClients';
import { AzureFailure, describeAzureError } from '../azure/describeAzureError';
import { ThrottleGate } from './ThrottleGate';

// How one step of a phase ends, and what it records as it does: it advances to
// the next phase, notes something in the history, or fails (with the back-off
// and the verdict on whether another attempt may help).

/** When the cluster is next due: 0 means at once (it moved on, or has more to start). */
export interface PhaseOutcome {
  delayMs: number;
}

export interface PhaseDeps {
  /** Fenced by this replica's lease on the cluster. */
  store: ClusterStepStore;
  azure: AzureClients;
  settings: EngineSettings;
  platform: PlatformSettings;
  logger: LoggerService;
  /** Paces managed-cluster PUTs, the scarcest Azure write. */
  clusterPuts: ThrottleGate;
}

/** How long one Azure call (with the SDK's own retries) may take unless configured: well within a lease. */
export const DEFAULT_REQUEST_TIMEOUT_MS = 30_000;

/**
 * The signal that ends an Azure call that takes too long, for the SDK's
 * `abortSignal` option: a step never outlives its lease waiting on Azure.
 */
export function azureTimeout(deps: Pick<PhaseDeps, 'settings'>): AbortSignal {
  return AbortSignal.timeout(
    deps.settings.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS,
  );
}

/** Moves the cluster to its next phase, recording why. */
export async function advance(
  deps: PhaseDeps,
  cluster: ClusterRecord,
  phase: ClusterPhase,
  message: string,
): Promise<PhaseOutcome> {
  const event = {
    clusterId: cluster.id,
    phase,
    level: 'info' as const,
    message,
  };
  // A rebuild's first Ready is a step of the cluster it replaces too: told in both histories at once.
  const replaced =
    phase === 'Ready' && cluster.activity === 'create' && cluster.rebuiltFrom
      ? {
          clusterId: cluster.rebuiltFrom,
          phase: 'Ready',
          level: 'info' as const,
          decision: true,
          message: `Its rebuild ${cluster.id} in ${cluster.azure.location} is Ready and holds the name ${cluster.name}; this cluster waits for its owner's confirmation to be deleted`,
        }
      : undefined;
  await deps.store.updateCluster(
    cluster.id,
    {
      phase,
      statusMessage: message,
      operationState: undefined,
      attempts: 0,
      operationFailures: undefined,
    },
    replaced ? [event, replaced] : event,
  );
  deps.logger.info(`Cluster ${cluster.name}: ${message}`);
  return { delayMs: 0 };
}

/** Records something worth a line in the cluster's history (and the status line people see). */
export async function note(
  deps: PhaseDeps,
  cluster: ClusterRecord,
  message: string,
  level: 'info' | 'warning' = 'info',
) {
  await deps.store.updateCluster(
    cluster.id,
    { statusMessage: message },
    { clusterId: cluster.id, phase: cluster.phase, level, message },
  );
}

/** The longest wait between attempts, in poll intervals: 60 s at the shipped 5 s. */
export const MAX_BACKOFF_POLLS = 12;

/**
 * The wait before attempt `attempts + 1`: the poll interval, doubling with
 * each failure in a row, at most {@link MAX_BACKOFF_POLLS} poll intervals.
 * Counted in poll intervals, so that an engine run at a quicker pace (the
 * fault tests poll every 20 ms) backs off in proportion, as shipped.
 */
export function backoffMs(
  settings: Pick<EngineSettings, 'pollIntervalMs'>,
  attempts: number,
): number {
  return (
    settings.pollIntervalMs *
    Math.min(2 ** Math.max(attempts - 1, 0), MAX_BACKOFF_POLLS)
  );
}

/** Whether a cluster is the one a rebuild replaced, being deleted after its owner confirmed. */
function waitsForItsRegion(cluster: ClusterRecord): boolean {
  return cluster.phase === 'Deleting' && !!cluster.rebuiltTo;
}

/** What a failure leads to: another attempt later, or the cluster Failed. */
export type FailureVerdict =
  | { retry: true; outcome: PhaseOutcome }
  | { retry: false; outcome: PhaseOutcome; message: string };

/**
 * Records an Azure failure: a transient one is tried again (up to
 * maxAttempts, honouring Retry-After); anything else, or the last attempt,
 * leaves the cluster Failed with the reason in plain words, remembering the
 * phase so that a retry resumes there.
 *
 * `failedOperation` names the operation (what it does) when Azure accepted it
 * and then ended it Failed. A successful submission resets the attempts, so
 * those outcomes are counted apart, across submissions: at maxAttempts the
 * cluster is Failed rather than the operation started again for ever.
 */
export async function failWith(
  deps: PhaseDeps,
  cluster: ClusterRecord,
  failure: AzureFailure,
  keepOperation: boolean,
  failedOperation?: string,
): Promise<FailureVerdict> {
  const operationState = keepOperation ? cluster.operationState : undefined;
  const failures = failedOperation
    ? (cluster.operationFailures?.[failedOperation] ?? 0) + 1
    : 0;
  const operationFailures = failedOperation
    ? { ...cluster.operationFailures, [failedOperation]: failures }
    : cluster.operationFailures;
  if (failedOperation && failures >= deps.settings.maxAttempts) {
    const message = `Azure failed ${failedOperation} ${failures} times: each time it accepted the operation and then ended it Failed, so the engine stopped starting it again. Azure's last error: ${failure.message} Fix: find the cause in the Azure activity log of ${cluster.azure.resourceGroup}, then retry.`;
    return markFailed(deps, cluster, message, { operationFailures });
  }
  if (failure.throttled) {
    // Throttling is Azure pacing the subscription, not this cluster failing: no attempt is spent.
    const delayMs = failure.retryAfterMs ?? deps.settings.pollIntervalMs;
    if (cluster.statusMessage !== failure.message) {
      await deps.store.updateCluster(cluster.id, {
        statusMessage: failure.message,
        operationState,
      });
    }
    return { retry: true, outcome: { delayMs } };
  }
  const attempts = cluster.attempts + 1;
  if (failure.transient && !failedOperation && waitsForItsRegion(cluster)) {
    // The old cluster of a rebuild is deleted where it ran, often the region that failed: while
    // Azure does not answer there it is kept, and its deletion tried again (never given up).
    const message = `${failure.message} The old cluster is kept while ${cluster.azure.location} does not answer, and deleted once it answers again.`;
    await deps.store.updateCluster(
      cluster.id,
      { attempts, statusMessage: message, operationState },
      // Told once, not at every attempt of what may be a long outage.
      cluster.statusMessage === message
        ? undefined
        : {
            clusterId: cluster.id,
            phase: cluster.phase,
            level: 'warning',
            message,
          },
    );
    return {
      retry: true,
      outcome: {
        delayMs: failure.retryAfterMs ?? backoffMs(deps.settings, attempts),
      },
    };
  }
  if (failure.transient && attempts < deps.settings.maxAttempts) {
    const message = failedOperation
      ? `${failure.message} Starting it again (Azure has failed it ${failures} of at most ${deps.settings.maxAttempts} times).`
      : `${failure.message} Trying again (attempt ${attempts + 1} of ${
          deps.settings.maxAttempts
        }).`;
    await deps.store.updateCluster(
      cluster.id,
      { attempts, statusMessage: message, operationState, operationFailures },
      {
        clusterId: cluster.id,
        phase: cluster.phase,
        level: 'warning',
        message,
      },
    );
    deps.logger.warn(`Cluster ${cluster.name}: ${message}`);
    const backoff = backoffMs(deps.settings, attempts);
    return {
      retry: true,
      outcome: { delayMs: failure.retryAfterMs ?? backoff },
    };
  }
  const message = failure.transient
    ? `${failure.message} Gave up after ${attempts} attempts.`
    : failure.message;
  return markFailed(deps, cluster, message, { attempts, operationFailures });
}

/**
 * Leaves the cluster Failed with the reason in its history, remembering the
 * phase it failed in so that a retry resumes there.
 */
async function markFailed(
  deps: PhaseDeps,
  cluster: ClusterRecord,
  message: string,
  counts: Pick<ClusterPatch, 'attempts' | 'operationFailures'>,
): Promise<FailureVerdict> {
  await deps.store.updateCluster(
    cluster.id,
    {
      phase: 'Failed',
      failedPhase: cluster.phase,
      statusMessage: message,
      operationState: undefined,
      ...counts,
    },
    { clusterId: cluster.id, phase: cluster.phase, level: 'error', message },
  );
  deps.logger.warn(
    `Cluster ${cluster.name} failed in ${cluster.phase}: ${message}`,
  );
  return { retry: false, outcome: { delayMs: 0 }, message };
}

/**
 * {@link failWith} for what the Azure SDK threw while `doing` something;
 * `operationFailed` when the operation itself ended Failed (not a call to Azure).
 */
export async function fail(
  deps: PhaseDeps,
  cluster: ClusterRecord,
  error: unknown,
  doing: string,
  keepOperation: boolean,
  operationFailed = false,
): Promise<PhaseOutcome> {
  return (
    await failWith(
      deps,
      cluster,
      describeAzureError(error, doing),
      keepOperation,
      operationFailed ? doing : undefined,
    )
  ).outcome;
}
