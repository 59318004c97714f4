import type { LoggerService } from '@backstage/backend-plugin-api';
import { NotFoundError } from '@backstage/errors';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import {
  REQUEST_CLUSTER_ACTION_ID,
  WAIT_FOR_CLUSTER_ACTION_ID,
  CLUSTER_PHASES,
  PROVISIONING_STEPS,
  hasCompleted,
  type ClusterDetails,
  type ClusterEventItem,
  type ClusterPhase,
  type ProvisioningStep,
} from '@complete-clusters/plugin-complete-clusters-common';
import {
  backendError,
  isTransient,
  tokenFor,
  type ClusterActionOptions,
} from './backend';
import { examples } from './waitForCluster.examples';

/** Seconds between two looks at the cluster unless configured otherwise. */
export const DEFAULT_POLL_INTERVAL_SECONDS = 2;

/** Failed looks in a row (backend restarting or unreachable) before the step gives up. */
const DEFAULT_MAX_CONSECUTIVE_ERRORS = 5;

type WaitStep = ProvisioningStep | 'Ready';

const WAIT_STEPS: [WaitStep, ...WaitStep[]] = [
  PROVISIONING_STEPS[0].phase,
  ...PROVISIONING_STEPS.slice(1).map(s => s.phase),
  'Ready',
];

/**
 * Options of {@link createWaitForClusterAction}.
 * @public
 */
export interface WaitForClusterActionOptions extends ClusterActionOptions {
  /** Milliseconds between two looks at the cluster (default 2000). */
  pollIntervalMs?: number;
  /** Failed looks in a row, from a backend that is restarting or unreachable, before the step fails (default 5). */
  maxConsecutiveErrors?: number;
}

function titleOf(step: WaitStep): string {
  return PROVISIONING_STEPS.find(s => s.phase === step)?.title ?? 'Ready';
}

const phaseIndex = (phase: string) =>
  (CLUSTER_PHASES as readonly string[]).indexOf(phase);

/**
 * The provisioning step whose log shows events of `phase`: the first step at
 * or after it (Pending belongs to the first step, Ready to the last). Failed
 * and unknown phases belong to whichever step is waiting.
 */
function stepShowing(phase: string): ProvisioningStep | undefined {
  if (phase === 'Failed' || phaseIndex(phase) < 0) return undefined;
  const owner = PROVISIONING_STEPS.find(
    s => phaseIndex(s.phase) >= phaseIndex(phase),
  );
  return (owner ?? PROVISIONING_STEPS[PROVISIONING_STEPS.length - 1]).phase;
}

/**
 * Whether the log of the step waiting for `step` shows `event`. Each generated
 * Scaffolder step shows its own phase, so the history is not repeated from one
 * step to the next; waiting for Ready shows everything.
 */
function shows(step: WaitStep, event: ClusterEventItem): boolean {
  if (step === 'Ready') return true;
  const owner = stepShowing(event.phase);
  return owner === undefined || owner === step;
}

/** The phase a step leaves the cluster in: what a dry run reports. */
function phaseAfter(step: WaitStep): ClusterPhase {
  return step === 'Ready' ? 'Ready' : CLUSTER_PHASES[phaseIndex(step) + 1];
}

/** Where a Failed cluster stopped: the phase of its last event that names one, else the step waited for. */
function failedIn(cluster: ClusterDetails, step: WaitStep): string {
  const last = [...cluster.events]
    .reverse()
    .find(
      e =>
        phaseIndex(e.phase) >= 0 && e.phase !== 'Failed' && e.phase !== 'Ready',
    );
  return last?.phase ?? step;
}

function logEvent(logger: LoggerService, event: ClusterEventItem) {
  const line = `[${event.phase}] ${event.message}`;
  if (event.level === 'error') logger.error(line);
  else if (event.level === 'warning') logger.warn(line);
  else logger.info(line);
}

/** Resolves after `ms`, or as soon as `signal` aborts. */
function pause(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise(resolve => {
    if (signal?.aborted) {
      resolve();
      return;
    }
    let timer: ReturnType<typeof setTimeout> | undefined = undefined;
    const done = () => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
  });
}

/**
 * Creates the `complete-clusters:cluster:wait` action: follows a requested
 * cluster until it has finished one provisioning step (or is Ready), logging
 * each event of its history once, and fails with the cluster's own reason when
 * the cluster fails.
 * @public
 */
export function createWaitForClusterAction(
  options: WaitForClusterActionOptions,
) {
  const {
    client,
    auth,
    pollIntervalMs = DEFAULT_POLL_INTERVAL_SECONDS * 1000,
    maxConsecutiveErrors = DEFAULT_MAX_CONSECUTIVE_ERRORS,
  } = options;
  const every = `${pollIntervalMs / 1000}s`;

  return createTemplateAction({
    id: WAIT_FOR_CLUSTER_ACTION_ID,
    description:
      `Follows a requested complete cluster until it has finished one provisioning step (${PROVISIONING_STEPS.map(
        s => s.phase,
      ).join(', ')}) or is Ready, ` +
      "logging each event of the cluster's history as it happens. AwaitingApproval waits until an approver decides. " +
      "Fails with the cluster's reason if the cluster fails, and with the approver's if the request is rejected. " +
      'Cancelling the task stops the waiting, not the cluster. In a dry run, returns at once.',
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        name: z =>
          z
            .string({
              description:
                'Name of the cluster, usually ${{ steps.request.output.name }}',
            })
            .min(1),
        step: z =>
          z.enum(WAIT_STEPS, {
            description: `What to wait for: the end of a provisioning step (${PROVISIONING_STEPS.map(
              s => `${s.phase}: ${s.title}`,
            ).join('; ')}) or Ready for the whole cluster`,
          }),
      },
      output: {
        phase: z =>
          z.enum(CLUSTER_PHASES, {
            description:
              'Phase of the cluster when the step finished, e.g. ManagedCluster or Ready',
          }),
      },
    },
    async handler(ctx) {
      const { name, step } = ctx.input;
      const title = titleOf(step);
      const { signal, logger } = ctx;

      if (ctx.isDryRun) {
        logger.info(
          `Dry run: would wait for cluster ${name} to ${
            step === 'Ready' ? 'be Ready' : `finish "${title}"`
          }, looking every ${every}`,
        );
        ctx.output('phase', phaseAfter(step));
        return;
      }

      const cancelled = () =>
        new Error(
          `Stopped waiting for cluster ${name} (${title}): the task was cancelled. ` +
            'The cluster itself carries on; follow it in the catalog.',
        );
      const shown = new Set<number>();
      const show = (cluster: ClusterDetails, all: boolean) => {
        for (const event of cluster.events) {
          if (shown.has(event.id) || !(all || shows(step, event))) continue;
          shown.add(event.id);
          logEvent(logger, event);
        }
      };

      logger.info(
        `Following cluster ${name} until ${
          step === 'Ready' ? 'it is Ready' : `"${title}" is done`
        }`,
      );
      let errorsInARow = 0;
      for (;;) {
        if (signal?.aborted) throw cancelled();
        let cluster: ClusterDetails | undefined;
        try {
          cluster = await client.getCluster(name, {
            token: await tokenFor(auth, ctx),
            signal,
          });
          errorsInARow = 0;
        } catch (e) {
          if (signal?.aborted) throw cancelled();
          errorsInARow += 1;
          if (!isTransient(e) || errorsInARow >= maxConsecutiveErrors)
            throw backendError(e);
          logger.warn(
            `Could not look at cluster ${name} (${
              backendError(e).message
            }); trying again in ${every} (${errorsInARow}/${maxConsecutiveErrors})`,
          );
          await pause(pollIntervalMs, signal);
          continue;
        }
        if (!cluster) {
          throw new NotFoundError(
            `There is no cluster named ${name}; request it first with the ${REQUEST_CLUSTER_ACTION_ID} action`,
          );
        }

        if (hasCompleted(cluster.phase, step)) {
          show(cluster, false);
          logger.info(
            step === 'Ready'
              ? `Cluster ${name} is Ready`
              : `Cluster ${name}: "${title}" is done (now ${cluster.phase})`,
          );
          ctx.output('phase', cluster.phase);
          return;
        }
        if (cluster.phase === 'Failed') {
          // Everything not shown yet explains the failure, whichever phase it belongs to.
          show(cluster, true);
          throw new Error(
            `Cluster ${name} failed in ${failedIn(cluster, step)}: ${
              cluster.statusMessage ?? 'the backend gave no reason'
            }`,
          );
        }
        if (cluster.phase === 'Rejected') {
          show(cluster, true);
          const decision = cluster.decision;
          throw new Error(
            `The request for cluster ${name} was rejected${
              decision ? ` by ${decision.by}: ${decision.reason}` : ''
            }. Nothing was built in Azure.`,
          );
        }
        if (cluster.phase === 'Deleting' || cluster.phase === 'Deleted') {
          show(cluster, true);
          throw new Error(
            `Cluster ${name} is being deleted: ${
              cluster.statusMessage ?? 'its owner asked for it'
            }`,
          );
        }
        show(cluster, false);
        await pause(pollIntervalMs, signal);
      }
    },
  });
}
