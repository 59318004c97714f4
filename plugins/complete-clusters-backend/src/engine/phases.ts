import { restorePoller } from '@azure/arm-containerservice';
import type { ManagedCluster } from '@azure/arm-containerservice';
import { describePoolSize } from '@complete-clusters/plugin-complete-clusters-common';
import type { ClusterPhase } from '@complete-clusters/plugin-complete-clusters-common';
import type { ClusterRecord } from '../database/types';
import type { OperationState } from '../database/operationState';
import { describeAzureError } from '../azure/describeAzureError';
import { withRetryAfter } from '../azure/retryAfter';
import { isHostName } from '../azure/apiServerHost';
import {
  azureTags,
  clusterTags,
  managedClusterBody,
} from '../azure/managedClusterBody';
import {
  advance,
  azureTimeout,
  fail,
  note,
  PhaseDeps,
  PhaseOutcome,
} from './phaseOutcome';
import { recordCertificateAuthority } from './certificateAuthority';
import { nextPollMs } from './polling';
import { runComponentPhase } from './components/runComponentPhase';
import { deleteCluster } from './deletePhase';

export type { PhaseDeps, PhaseOutcome } from './phaseOutcome';

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
  const fqdn = result.fqdn && isHostName(result.fqdn) ? result.fqdn : undefined;
  if (fqdn) await deps.store.updateCluster(cluster.id, { fqdn });
  else if (result.fqdn)
    await note(
      deps,
      cluster,
      `Azure gave ${cluster.name}'s API server as ${JSON.stringify(
        result.fqdn,
      )}, which is not a host name; it is not kept, and the Kubernetes plugin will not be able to reach ${
        cluster.name
      }`,
      'warning',
    );
  const waiting = await recordCertificateAuthority(deps, cluster, fqdn);
  if (waiting) return waiting;
  return advance(
    deps,
    cluster,
    'Policies',
    `Managed cluster ${cluster.name} is running Kubernetes ${
      result.currentKubernetesVersion ?? result.kubernetesVersion
    }${
      fqdn ? ` at ${fqdn}` : ''
    }. Putting its policies in place before any application`,
  );
}

/**
 * The cluster says its operation ended Failed or Canceled: Azure's reason is
 * in the operation's status, read once (the SDK's poller, resumed) for the
 * cluster's history, when the engine started the operation. Counted as the operation failing: it starts again, up
 * to maxAttempts. A status read that fails is read again next step.
 */
async function operationEnded(
  deps: PhaseDeps,
  cluster: ClusterRecord,
  serialized: string | undefined,
  doing: string,
): Promise<PhaseOutcome> {
  if (serialized) {
    const poller = restorePoller(
      deps.azure.containerService,
      serialized,
      deps.azure.containerService.managedClusters.createOrUpdate,
      { updateIntervalInMs: deps.settings.pollIntervalMs },
    );
    try {
      await poller.poll({ abortSignal: azureTimeout(deps) });
    } catch (e) {
      const status = poller.operationState?.status;
      if (status === 'failed' || status === 'canceled')
        return fail(deps, cluster, e, doing, false, true);
      // The read of the status failed: keep the operation and read it again next step.
      return fail(deps, cluster, e, doing, true);
    }
  }
  return fail(
    deps,
    cluster,
    Object.assign(new Error('The operation on the cluster ended Failed'), {
      code: 'InternalOperationError',
    }),
    doing,
    false,
    true,
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

  if (state?.kind === 'poller' || state?.kind === 'watch') {
    // One read per poll: the cluster itself, whose state says whether the operation ended and which, once
    // Succeeded, is the finished cluster (the operation's status would say the same and need the cluster read after).
    // The same for an operation the engine did not see start (watch), which it has no status of.
    let current: ManagedCluster;
    try {
      current = await aks.get(rg, cluster.name, {
        abortSignal: azureTimeout(deps),
      });
    } catch (e) {
      // A read that failed: read again, the operation goes on in Azure.
      return fail(deps, cluster, e, doing, true);
    }
    if (current.provisioningState === 'Succeeded')
      return clusterReady(deps, cluster, current);
    if (
      current.provisioningState === 'Failed' ||
      current.provisioningState === 'Canceled'
    )
      return operationEnded(
        deps,
        cluster,
        state.kind === 'poller' ? state.poller : undefined,
        doing,
      );
    // Azure answered: the attempts count failures in a row only.
    if (cluster.attempts > 0)
      await deps.store.updateCluster(cluster.id, { attempts: 0 });
    return state.kind === 'poller'
      ? { delayMs: nextPollMs(deps.settings, state.retryAfterMs) }
      : wait;
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
  // The PUT goes as the poller is made: made inside withRetryAfter, so that the Retry-After of Azure's
  // acceptance is kept for the polls that follow.
  let poller!: ReturnType<typeof aks.createOrUpdate>;
  let accepted: { retryAfterMs?: number };
  try {
    accepted = await withRetryAfter(() => {
      poller = aks.createOrUpdate(rg, cluster.name, body, {
        updateIntervalInMs: deps.settings.pollIntervalMs,
        abortSignal: azureTimeout(deps),
      });
      return poller.submitted();
    });
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
    {
      kind: 'poller',
      poller: await poller.serialize(),
      ...(accepted.retryAfterMs !== undefined
        ? { retryAfterMs: accepted.retryAfterMs }
        : {}),
    },
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
