import { isRestError } from '@azure/core-rest-pipeline';
import type { AzureClients } from '../../../azure/createAzureClients';
import { withRetryAfter } from '../../../azure/retryAfter';
import type { AzureCall } from '../../../plan/types';
import type { CallProgress, KindUnit, PollOperation, ReadBack } from './types';

/**
 * The SDK's first five arguments for a resource on the managed cluster (an
 * AKS extension or a Flux configuration): resource group, the cluster's
 * provider and type, the cluster, and the resource's name.
 */
export function onCluster(call: {
  resourceGroup: string;
  clusterName: string;
  name: string;
}) {
  return [
    call.resourceGroup,
    'Microsoft.ContainerService',
    'managedClusters',
    call.clusterName,
    call.name,
  ] as const;
}

/** The SDK's options for a `begin*` call: a new operation, or one poll of one under way (`resumeFrom`). */
export interface LroOptions {
  updateIntervalInMs: number;
  resumeFrom?: string;
  abortSignal?: AbortSignal;
}

/** What the engine keeps of the SDK's poller: whether it ended, and its serialized state. */
interface SdkPoller {
  isDone(): boolean;
  toString(): string;
}

/**
 * The SDK calls of a kind that Azure writes through a long-running operation
 * on the managed cluster: its `begin*` PUT and DELETE (a new operation, or,
 * with `resumeFrom` in the options, one poll of one under way), and its GET.
 */
export interface LongRunningSdk<C extends AzureCall> {
  beginPut(
    azure: AzureClients,
    call: C,
    options: LroOptions,
  ): Promise<SdkPoller>;
  beginDelete(
    azure: AzureClients,
    call: C,
    options: LroOptions,
  ): Promise<SdkPoller>;
  read(
    azure: AzureClients,
    call: C,
    abortSignal?: AbortSignal,
  ): Promise<ReadBack>;
}

/** A `begin*` call, with the Retry-After Azure gave. */
async function begin(run: () => Promise<SdkPoller>) {
  const { value: poller, retryAfterMs } = await withRetryAfter(run);
  return { poller, retryAfterMs };
}

/** Where a new operation stands once Azure accepted it: ended, or the poller to follow it by. */
async function started(run: () => Promise<SdkPoller>): Promise<CallProgress> {
  const { poller, retryAfterMs } = await begin(run);
  return poller.isDone()
    ? { done: true }
    : { done: false, poller: poller.toString(), retryAfterMs };
}

/** One poll of an operation under way: the SDK's `begin*` with `resumeFrom` polls once itself. */
function pollOnce<C extends AzureCall>(
  beginOp: (
    azure: AzureClients,
    call: C,
    options: LroOptions,
  ) => Promise<SdkPoller>,
): PollOperation<C> {
  return async (azure, call, serialized, pollIntervalMs, abortSignal) => {
    const { poller, retryAfterMs } = await begin(() =>
      beginOp(azure, call, {
        updateIntervalInMs: pollIntervalMs,
        resumeFrom: serialized,
        abortSignal,
      }),
    );
    return { done: poller.isDone(), poller: poller.toString(), retryAfterMs };
  };
}

function isConflict(e: unknown): boolean {
  return isRestError(e) && e.statusCode === 409;
}

/**
 * The unit of a kind written by a long-running operation (extensions and Flux
 * configurations share the SDK's `begin*` shape): its PUT and DELETE hand back
 * their operation, which the engine follows by reading the resource, and
 * whose status it reads once more only when the resource ends Failed.
 */
export function longRunningUnit<C extends AzureCall>(
  sdk: LongRunningSdk<C>,
): KindUnit<C> {
  return {
    async start(azure, call, pollIntervalMs, abortSignal) {
      const lro = { updateIntervalInMs: pollIntervalMs, abortSignal };
      try {
        // The SDK's begin* sends the PUT and reads the operation's status once.
        return await started(() => sdk.beginPut(azure, call, lro));
      } catch (e) {
        if (isConflict(e)) return { done: false, busy: true };
        throw e;
      }
    },
    remove(azure, call, pollIntervalMs, abortSignal) {
      const lro = { updateIntervalInMs: pollIntervalMs, abortSignal };
      return started(() => sdk.beginDelete(azure, call, lro));
    },
    longRunning: {
      poll: pollOnce((azure, call, lro) => sdk.beginPut(azure, call, lro)),
      pollRemoval: pollOnce((azure, call, lro) =>
        sdk.beginDelete(azure, call, lro),
      ),
      read: (azure, call, abortSignal) => sdk.read(azure, call, abortSignal),
    },
  };
}
