import { isRestError } from '@azure/core-rest-pipeline';
import type { AzureClients } from '../../../azure/createAzureClients';
import { withRetryAfter } from '../../../azure/retryAfter';
import type { AzureCall } from '../../../plan/types';
import type { KindUnit, ReadBack } from './types';

/** Both AKS extensions and Flux configurations live on the managed cluster. */
export const CLUSTER_RP = 'Microsoft.ContainerService';
export const CLUSTER_TYPE = 'managedClusters';

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
        const { poller, retryAfterMs } = await begin(() =>
          sdk.beginPut(azure, call, lro),
        );
        return poller.isDone()
          ? { done: true }
          : { done: false, poller: poller.toString(), retryAfterMs };
      } catch (e) {
        if (isConflict(e)) return { done: false, busy: true };
        throw e;
      }
    },
    async remove(azure, call, pollIntervalMs, abortSignal) {
      const lro = { updateIntervalInMs: pollIntervalMs, abortSignal };
      const { poller, retryAfterMs } = await begin(() =>
        sdk.beginDelete(azure, call, lro),
      );
      return poller.isDone()
        ? { done: true }
        : { done: false, poller: poller.toString(), retryAfterMs };
    },
    longRunning: {
      async poll(azure, call, serialized, pollIntervalMs, abortSignal) {
        const resume = {
          updateIntervalInMs: pollIntervalMs,
          resumeFrom: serialized,
          abortSignal,
        };
        const { poller, retryAfterMs } = await begin(() =>
          sdk.beginPut(azure, call, resume),
        );
        return {
          done: poller.isDone(),
          poller: poller.toString(),
          retryAfterMs,
        };
      },
      async pollRemoval(azure, call, serialized, pollIntervalMs, abortSignal) {
        const resume = {
          updateIntervalInMs: pollIntervalMs,
          resumeFrom: serialized,
          abortSignal,
        };
        // The SDK's begin* with resumeFrom polls once itself: no second poll here.
        const { poller, retryAfterMs } = await begin(() =>
          sdk.beginDelete(azure, call, resume),
        );
        return {
          done: poller.isDone(),
          poller: poller.toString(),
          retryAfterMs,
        };
      },
      read: (azure, call, abortSignal) => sdk.read(azure, call, abortSignal),
    },
  };
}
