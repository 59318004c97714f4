import { restorePoller } from '@azure/arm-containerservice';
import type { ManagedCluster } from '@azure/arm-containerservice';
import { describePoolSize } from '@complete-clusters/plugin-complete-clusters-common';
import type { ClusterPhase } from '@complete-clusters/plugin-complete-clusters-common';
import type { ClusterRecord } from '../database/types';
import type { OperationState } from '../database/operationState';
import { describeAzureError } from '../azure/describeAzureError';
import { withRetryAfter } from '../azure/retryAfter';
import {
  azureTags,
  clusterTags,
  managedClusterBody,
} from '../azure/managedClusterBody';
import {
  advance,
  azureTimeout,
  fail,
  PhaseDeps,
  PhaseOutcome,
} from './phaseSupport';
import { recordCertificateAuthority } from './certificateAuthority';
import { nextPollMs } from './polling';
import { runComponentPhase } from './components/runComponentPhase';
import { deleteCluster } from './deletePhase';

export type { PhaseDeps, PhaseOutcome } from './phaseSupport';

/** What the engine keeps between two steps of the managed-cluster phase. */
type ClusterOperation = Extract<OperationState, { kind: 'poller' | 'watch' }>;

async function pending(
  deps: PhaseDeps,
  cluster: ClusterRecord,
): Promise<PhaseOutcome> {
  const { resourceGroup: name, location } = cluster.azure;
  return advance(
    deps,
    cluster,
    'ResourceGroup',
    `Creating resource group ${name} in ${location}`,
  );
}

async function resourceGroup(
  deps: PhaseDeps,
  cluster: ClusterRecord,
): Promise<PhaseOutcome> {
  const { resourceGroup: name, location } = cluster.azure;
  try {
    await deps.azure.resources.resourceGroups.createOrUpdate(
      name,
      { location, tags: azureTags(clusterTags(cluster)) },
      { abortSignal: azureTimeout(deps) },
    );
  } catch (e) {
    return fail(deps, cluster, e, `creating resource group ${name}`, false);
  }
  const pools = cluster.spec.infrastructure.nodePools
    .map(p => `${p.name} (${p.vmSize}, ${describePoolSize(p)})`)
    .join(', ');
  return advance(
    deps,
    cluster,
    'ManagedCluster',
    `Resource group ${name} is ready. Creating managed cluster ${cluster.name}: Kubernetes ${cluster.spec.infrastructure.kubernetesVersion}, node pools ${pools}`,
  );
}

async function clusterReady(
  deps: PhaseDeps,
  cluster: ClusterRecord,
  result: ManagedCluster,
): Promise<PhaseOutcome> {
  if (result.fqdn)
    await deps.store.updateCluster(cluster.id, { fqdn: result.fqdn });
  const waiting = await recordCertificateAuthority(deps, cluster, result.fqdn);
  if (waiting) return waiting;
  return advance(
    deps,
    cluster,
    'Policies',
    `Managed cluster ${cluster.name} is running Kubernetes ${
      result.currentKubernetesVersion ?? result.kubernetesVersion
    }${
      result.fqdn ? ` at ${result.fqdn}` : ''
    }. Putting its policies in place before any application`,
  );
}

async function saveOperation(
  deps: PhaseDeps,
  cluster: ClusterRecord,
  state: ClusterOperation,
  message?: string,
) {
  await deps.store.updateCluster(
    cluster.id,
    {
      operationState: state,
      attempts: 0,
      ...(message ? { statusMessage: message } : {}),
    },
    message
      ? { clusterId: cluster.id, phase: cluster.phase, level: 'info', message }
      : undefined,
  );
}

async function managedCluster(
  deps: PhaseDeps,
  cluster: ClusterRecord,
): Promise<PhaseOutcome> {
  const aks = deps.azure.containerService.managedClusters;
  const { resourceGroup: rg } = cluster.azure;
  const wait = { delayMs: deps.settings.pollIntervalMs };
  const doing = `creating managed cluster ${cluster.name}`;
  const state = cluster.operationState;

  if (state?.kind === 'poller') {
    // Resume the operation where any replica left it: one status read per step.
    const poller = restorePoller(
      deps.azure.containerService,
      state.poller,
      aks.createOrUpdate,
      {
        updateIntervalInMs: deps.settings.pollIntervalMs,
      },
    );
    let retryAfterMs: number | undefined;
    try {
      // One read of the operation's status; when it has ended, the SDK reads the finished cluster once for its result.
      ({ retryAfterMs } = await withRetryAfter(() =>
        poller.poll({ abortSignal: azureTimeout(deps) }),
      ));
    } catch (e) {
      // The operation itself failed: start it again (counted, up to maxAttempts). A read that failed: poll the same operation again.
      const operationFailed = poller.operationState?.status === 'failed';
      return fail(deps, cluster, e, doing, !operationFailed, operationFailed);
    }
    if (poller.isDone && poller.result)
      return clusterReady(deps, cluster, poller.result);
    await saveOperation(deps, cluster, {
      kind: 'poller',
      poller: await poller.serialize(),
    });
    return { delayMs: nextPollMs(deps.settings, retryAfterMs) };
  }

  if (state?.kind === 'watch') {
    try {
      const current = await aks.get(rg, cluster.name, {
        abortSignal: azureTimeout(deps),
      });
      if (current.provisioningState === 'Succeeded')
        return clusterReady(deps, cluster, current);
      if (
        current.provisioningState === 'Failed' ||
        current.provisioningState === 'Canceled'
      ) {
        return fail(
          deps,
          cluster,
          Object.assign(
            new Error('The operation on the cluster ended Failed'),
            { code: 'InternalOperationError' },
          ),
          doing,
          false,
          true,
        );
      }
      // Azure answered: the attempts count failures in a row only.
      if (cluster.attempts > 0)
        await deps.store.updateCluster(cluster.id, { attempts: 0 });
      return wait;
    } catch (e) {
      return fail(deps, cluster, e, doing, true);
    }
  }

  if (!deps.clusterPuts.tryEnter()) {
    const message = `Waiting for Azure's limit on managed-cluster writes in this subscription before creating ${cluster.name}`;
    if (cluster.statusMessage !== message)
      await deps.store.updateCluster(cluster.id, { statusMessage: message });
    return { delayMs: deps.clusterPuts.waitMs() };
  }
  const body = managedClusterBody(
    cluster.name,
    cluster.spec,
    clusterTags(cluster),
    deps.platform.addons,
  );
  const poller = aks.createOrUpdate(rg, cluster.name, body, {
    updateIntervalInMs: deps.settings.pollIntervalMs,
    abortSignal: azureTimeout(deps),
  });
  let accepted: { retryAfterMs?: number };
  try {
    accepted = await withRetryAfter(() => poller.submitted());
    deps.clusterPuts.accepted();
  } catch (e) {
    const failure = describeAzureError(e, doing);
    if (failure.throttled)
      deps.clusterPuts.throttled(
        failure.retryAfterMs ?? deps.settings.pollIntervalMs,
      );
    else deps.clusterPuts.accepted();
    const code = (e as { code?: string }).code;
    if (
      code === 'OperationNotAllowed' ||
      code === 'AnotherOperationInProgress'
    ) {
      // An operation we started before a crash is still running: watch it rather than start a second.
      await saveOperation(
        deps,
        cluster,
        { kind: 'watch' },
        `Azure is still working on ${cluster.name}; waiting for that operation to finish`,
      );
      return wait;
    }
    return fail(deps, cluster, e, doing, false);
  }
  if (poller.isDone && poller.result)
    return clusterReady(deps, cluster, poller.result);
  await saveOperation(
    deps,
    cluster,
    { kind: 'poller', poller: await poller.serialize() },
    `Azure accepted managed cluster ${cluster.name}; provisioning`,
  );
  return { delayMs: nextPollMs(deps.settings, accepted.retryAfterMs) };
}

const PHASES: Partial<
  Record<
    ClusterPhase,
    (deps: PhaseDeps, cluster: ClusterRecord) => Promise<PhaseOutcome>
  >
> = {
  Pending: pending,
  ResourceGroup: resourceGroup,
  ManagedCluster: managedCluster,
  Policies: (deps, cluster) => runComponentPhase(deps, cluster, 'Policies'),
  Applications: (deps, cluster) =>
    runComponentPhase(deps, cluster, 'Applications'),
  Deleting: deleteCluster,
};

/** One step of the cluster's current phase. */
export async function runPhase(
  cluster: ClusterRecord,
  deps: PhaseDeps,
): Promise<PhaseOutcome> {
  if (
    cluster.deletion &&
    cluster.phase !== 'Deleting' &&
    cluster.phase !== 'Deleted'
  ) {
    // Whatever it was doing stops here; deleting the resource group ends every operation in it.
    const by =
      cluster.deletion.cause === 'expiry'
        ? 'its time to live ran out'
        : `${cluster.deletion.by} asked for it`;
    await deps.store.updateCluster(cluster.id, { activity: 'delete' });
    return advance(
      deps,
      cluster,
      'Deleting',
      `Deleting cluster ${cluster.name}: ${by}`,
    );
  }
  const run = PHASES[cluster.phase];
  if (!run) return { delayMs: deps.settings.pollIntervalMs };
  return run(deps, cluster);
}
