import { restorePoller } from '@azure/arm-resources';
import { isRestError } from '@azure/core-rest-pipeline';
import type { ClusterRecord } from '../database/types';
import { withRetryAfter } from '../azure/retryAfter';
import { azureTimeout, fail, PhaseDeps, PhaseOutcome } from './phaseOutcome';
import { nextPollMs } from './polling';

async function deleted(
  deps: PhaseDeps,
  cluster: ClusterRecord,
): Promise<PhaseOutcome> {
  const message = `Cluster ${cluster.name} and its resource group ${cluster.azure.resourceGroup} are deleted; its role and policy assignments went with it`;
  await deps.store.clearComponents(cluster.id);
  const event = {
    clusterId: cluster.id,
    phase: 'Deleted',
    level: 'info' as const,
    message,
    decision: true,
  };
  // The cluster a rebuild replaced: its deletion is told in the rebuild's history too, at once.
  const rebuild = cluster.rebuiltTo
    ? {
        ...event,
        clusterId: cluster.rebuiltTo,
        message: `The cluster it was rebuilt from (${cluster.id} in ${cluster.azure.location}) and its resource group ${cluster.azure.resourceGroup} are deleted`,
      }
    : undefined;
  await deps.store.updateCluster(
    cluster.id,
    {
      phase: 'Deleted',
      statusMessage: message,
      operationState: undefined,
      attempts: 0,
    },
    rebuild ? [event, rebuild] : event,
  );
  deps.logger.info(`Cluster ${cluster.name}: ${message}`);
  return { delayMs: 0 };
}

/**
 * One step of deleting a cluster: the cluster's own resource group goes, with
 * the managed cluster, its node pools, extensions, Flux configurations and
 * the role and policy assignments at its scope. The long-running operation is
 * saved after Azure accepts it, so a restart follows it instead of asking again.
 */
export async function deleteCluster(
  deps: PhaseDeps,
  cluster: ClusterRecord,
): Promise<PhaseOutcome> {
  const groups = deps.azure.resources.resourceGroups;
  const { resourceGroup } = cluster.azure;
  const doing = `deleting resource group ${resourceGroup} of cluster ${cluster.name}`;
  const state = cluster.operationState;
  if (state?.kind === 'poller') {
    const poller = restorePoller(
      deps.azure.resources,
      state.poller,
      groups.delete,
      { updateIntervalInMs: deps.settings.pollIntervalMs },
    );
    let retryAfterMs: number | undefined;
    try {
      ({ retryAfterMs } = await withRetryAfter(() =>
        poller.poll({ abortSignal: azureTimeout(deps) }),
      ));
    } catch (e) {
      if (isRestError(e) && e.statusCode === 404) return deleted(deps, cluster);
      const operationFailed = poller.operationState?.status === 'failed';
      return fail(deps, cluster, e, doing, !operationFailed, operationFailed);
    }
    if (poller.isDone) return deleted(deps, cluster);
    await deps.store.updateCluster(cluster.id, {
      operationState: { kind: 'poller', poller: await poller.serialize() },
      attempts: 0,
    });
    return { delayMs: nextPollMs(deps.settings, retryAfterMs) };
  }
  const poller = groups.delete(resourceGroup, {
    updateIntervalInMs: deps.settings.pollIntervalMs,
    abortSignal: azureTimeout(deps),
  });
  let accepted: { retryAfterMs?: number };
  try {
    accepted = await withRetryAfter(() => poller.submitted());
  } catch (e) {
    // Never created (rejected, failed early) or already gone: nothing left in Azure.
    if (isRestError(e) && e.statusCode === 404) return deleted(deps, cluster);
    return fail(deps, cluster, e, doing, false);
  }
  if (poller.isDone) return deleted(deps, cluster);
  const message = `Azure is deleting resource group ${resourceGroup} with managed cluster ${cluster.name} and everything in it`;
  await deps.store.updateCluster(
    cluster.id,
    {
      operationState: { kind: 'poller', poller: await poller.serialize() },
      statusMessage: message,
      attempts: 0,
    },
    { clusterId: cluster.id, phase: 'Deleting', level: 'info', message },
  );
  return { delayMs: nextPollMs(deps.settings, accepted.retryAfterMs) };
}
