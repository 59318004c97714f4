import type {
  FluxConfiguration,
  ObjectStatusDefinition,
} from '@azure/arm-kubernetesconfiguration';
import { isRestError } from '@azure/core-rest-pipeline';
import type { AzureClients } from '../../azure/createAzureClients';
import { withRetryAfter } from '../../azure/retryAfter';
import type { AzureCall } from '../../plan/types';

/** Both AKS extensions and Flux configurations live on the managed cluster. */
const CLUSTER_RP = 'Microsoft.ContainerService';
const CLUSTER_TYPE = 'managedClusters';

/** How a call ended for now. */
export type CallProgress =
  /** In place: nothing more to do. */
  | { done: true; detail?: string }
  /** An Azure long-running operation is under way: its serialized poller, and when Azure asked to be polled. */
  | { done: false; poller: string; retryAfterMs?: number }
  /** Azure is busy with an operation on it that this engine did not see start (e.g. before a crash). */
  | { done: false; busy: true };

/** What Azure reports about an installed Flux configuration. */
export interface FluxReport {
  provisioning: string;
  compliance: string;
  /** Why it is not in place, from Flux's own status conditions. */
  problem?: string;
}

/** What Flux says is wrong, from the first status whose Ready condition is not True. */
function fluxProblem(
  statuses: Array<ObjectStatusDefinition | null> | undefined,
  errorMessage?: string,
): string | undefined {
  for (const status of statuses ?? []) {
    const condition = status?.statusConditions?.find(
      c => c.type === 'Ready' && c.status !== 'True',
    );
    if (status && condition?.message)
      return `${status.kind ?? 'object'} ${status.name ?? ''}: ${
        condition.message
      }`.trim();
  }
  return errorMessage || undefined;
}

export function fluxReport(config: FluxConfiguration): FluxReport {
  return {
    provisioning: config.provisioningState ?? 'Unknown',
    compliance: config.complianceState ?? 'Unknown',
    problem: fluxProblem(config.statuses, config.errorMessage),
  };
}

function isConflict(e: unknown): boolean {
  return isRestError(e) && e.statusCode === 409;
}

/** An Azure call that runs as a long-running operation on the managed cluster. */
type LongRunningCall = Extract<
  AzureCall,
  { kind: 'extension' | 'fluxConfiguration' }
>;

/** The SDK's options for a `begin*` call: a new operation, or one poll of one under way (`resumeFrom`). */
interface LroOptions {
  updateIntervalInMs: number;
  resumeFrom?: string;
  abortSignal?: AbortSignal;
}

/**
 * The PUT of an extension or a Flux configuration through the SDK's `begin*`:
 * a new operation, or, with `resumeFrom` in the options, one poll of one
 * under way. Returns the poller and the Retry-After Azure gave.
 */
async function beginPut(
  azure: AzureClients,
  call: LongRunningCall,
  options: LroOptions,
) {
  const configs = azure.kubernetesConfiguration;
  const { value: poller, retryAfterMs } = await withRetryAfter(async () =>
    call.kind === 'extension'
      ? configs.extensions.beginCreate(
          call.resourceGroup,
          CLUSTER_RP,
          CLUSTER_TYPE,
          call.clusterName,
          call.name,
          call.body,
          options,
        )
      : configs.fluxConfigurations.beginCreateOrUpdate(
          call.resourceGroup,
          CLUSTER_RP,
          CLUSTER_TYPE,
          call.clusterName,
          call.name,
          call.body,
          options,
        ),
  );
  return { poller, retryAfterMs };
}

/**
 * The DELETE of an extension or a Flux configuration through the SDK's
 * `begin*`: a new operation, or, with `resumeFrom`, one poll of one under way.
 */
async function beginDelete(
  azure: AzureClients,
  call: LongRunningCall,
  options: LroOptions,
) {
  const configs = azure.kubernetesConfiguration;
  const { value: poller, retryAfterMs } = await withRetryAfter(async () =>
    call.kind === 'extension'
      ? configs.extensions.beginDelete(
          call.resourceGroup,
          CLUSTER_RP,
          CLUSTER_TYPE,
          call.clusterName,
          call.name,
          options,
        )
      : configs.fluxConfigurations.beginDelete(
          call.resourceGroup,
          CLUSTER_RP,
          CLUSTER_TYPE,
          call.clusterName,
          call.name,
          options,
        ),
  );
  return { poller, retryAfterMs };
}

/**
 * Sends the one Azure write that installs a component. Synchronous ARM
 * writes (policy and role assignments, role definitions) are done when this
 * returns; extensions and Flux configurations hand back their operation.
 */
export async function startCall(
  azure: AzureClients,
  call: AzureCall,
  pollIntervalMs: number,
  abortSignal?: AbortSignal,
): Promise<CallProgress> {
  const lro = { updateIntervalInMs: pollIntervalMs, abortSignal };
  switch (call.kind) {
    case 'policyAssignment':
      await azure.policy.policyAssignments.create(
        call.scope,
        call.name,
        call.body,
        { abortSignal },
      );
      return { done: true };
    case 'roleDefinition':
      await azure.authorization.roleDefinitions.createOrUpdate(
        call.scope,
        call.roleDefinitionId,
        call.body,
        { abortSignal },
      );
      return { done: true };
    case 'roleAssignment':
      try {
        await azure.authorization.roleAssignments.create(
          call.scope,
          call.name,
          call.body,
          { abortSignal },
        );
        return { done: true };
      } catch (e) {
        // The same principal already has this role at this scope (granted by someone else): the grant holds.
        if (isRestError(e) && e.code === 'RoleAssignmentExists')
          return {
            done: true,
            detail: 'Azure already had this grant in place',
          };
        throw e;
      }
    case 'extension':
    case 'fluxConfiguration':
      try {
        // The SDK's begin* sends the PUT and reads the operation's status once.
        const { poller, retryAfterMs } = await beginPut(azure, call, lro);
        return poller.isDone()
          ? { done: true }
          : { done: false, poller: poller.toString(), retryAfterMs };
      } catch (e) {
        if (isConflict(e)) return { done: false, busy: true };
        throw e;
      }
    case 'addon':
      return checkAddon(azure, call, abortSignal);
    default:
      throw new Error(`Unknown component call ${(call as AzureCall).kind}`);
  }
}

/** Where one poll left an operation. */
export interface Polled {
  done: boolean;
  /** The poller, serialized, to resume from at the next poll. */
  poller: string;
  /** When Azure asked to be polled again (its Retry-After), if it said. */
  retryAfterMs?: number;
}

/**
 * One read of the status of an operation started by {@link startCall},
 * resumed from its serialized poller (the SDK's `begin*` with `resumeFrom`
 * polls once itself). The engine follows an operation by reading its
 * resource ({@link readCall}); it reads the status once when the resource
 * ends Failed, as the SDK then throws the operation's own error.
 */
export async function pollCall(
  azure: AzureClients,
  call: AzureCall,
  serialized: string,
  pollIntervalMs: number,
  abortSignal?: AbortSignal,
): Promise<Polled> {
  const resume = {
    updateIntervalInMs: pollIntervalMs,
    resumeFrom: serialized,
    abortSignal,
  };
  if (call.kind !== 'extension' && call.kind !== 'fluxConfiguration')
    throw new Error(`${call.kind} has no long-running operation`);
  const { poller, retryAfterMs } = await beginPut(azure, call, resume);
  return { done: poller.isDone(), poller: poller.toString(), retryAfterMs };
}

/** Where an extension or Flux configuration stands, read from Azure (one GET). */
export async function readCall(
  azure: AzureClients,
  call: AzureCall,
  abortSignal?: AbortSignal,
): Promise<{ provisioning: string; flux?: FluxReport }> {
  const configs = azure.kubernetesConfiguration;
  if (call.kind === 'extension') {
    const extension = await configs.extensions.get(
      call.resourceGroup,
      CLUSTER_RP,
      CLUSTER_TYPE,
      call.clusterName,
      call.name,
      { abortSignal },
    );
    return { provisioning: extension.provisioningState ?? 'Unknown' };
  }
  if (call.kind === 'fluxConfiguration') {
    const config = await configs.fluxConfigurations.get(
      call.resourceGroup,
      CLUSTER_RP,
      CLUSTER_TYPE,
      call.clusterName,
      call.name,
      { abortSignal },
    );
    const flux = fluxReport(config);
    return { provisioning: flux.provisioning, flux };
  }
  throw new Error(`${call.kind} is not read back`);
}

const ADDON_NAMES = {
  omsagent: 'omsagent (Container Insights)',
  azurepolicy: 'azurepolicy (Azure Policy)',
  managedPrometheus: 'managed Prometheus',
};

/** An add-on application: it is part of the managed cluster; check that Azure runs it. */
async function checkAddon(
  azure: AzureClients,
  call: Extract<AzureCall, { kind: 'addon' }>,
  abortSignal?: AbortSignal,
): Promise<CallProgress> {
  const cluster = await azure.containerService.managedClusters.get(
    call.resourceGroup,
    call.clusterName,
    { abortSignal },
  );
  const enabled =
    call.addon === 'managedPrometheus'
      ? cluster.azureMonitorProfile?.metrics?.enabled === true
      : Object.entries(cluster.addonProfiles ?? {}).some(
          ([key, profile]) =>
            key.toLowerCase() === call.addon && profile.enabled,
        );
  if (!enabled) {
    throw Object.assign(
      new Error(
        `Azure does not report the add-on ${
          ADDON_NAMES[call.addon]
        } enabled on managed cluster ${call.clusterName}.`,
      ),
      {
        code: 'AddonNotEnabled',
      },
    );
  }
  return {
    done: true,
    detail: `Azure runs the add-on ${ADDON_NAMES[call.addon]} on the cluster`,
  };
}

/**
 * Removes what a component installed, when the plan no longer has it (a new
 * template version dropped an application or a grant). Role definitions are
 * shared by every cluster of the subscription and stay.
 */
export async function startRemoval(
  azure: AzureClients,
  call: AzureCall,
  pollIntervalMs: number,
  abortSignal?: AbortSignal,
): Promise<CallProgress> {
  const lro = { updateIntervalInMs: pollIntervalMs, abortSignal };
  switch (call.kind) {
    case 'policyAssignment':
      try {
        await azure.policy.policyAssignments.delete(call.scope, call.name, {
          abortSignal,
        });
      } catch (e) {
        // @azure/arm-policy 7.0.1 cannot read ARM's 204 (nothing to delete) and throws a TypeError: it is gone.
        if (!(e instanceof TypeError)) throw e;
      }
      return { done: true };
    case 'roleAssignment':
      await azure.authorization.roleAssignments.delete(call.scope, call.name, {
        abortSignal,
      });
      return { done: true };
    case 'extension':
    case 'fluxConfiguration': {
      const { poller, retryAfterMs } = await beginDelete(azure, call, lro);
      return poller.isDone()
        ? { done: true }
        : { done: false, poller: poller.toString(), retryAfterMs };
    }
    default:
      // Role definitions are shared; add-ons go with the managed cluster's own PUT.
      return { done: true };
  }
}

/** One poll of a removal started by {@link startRemoval}: one read of the operation's status. */
export async function pollRemoval(
  azure: AzureClients,
  call: AzureCall,
  serialized: string,
  pollIntervalMs: number,
  abortSignal?: AbortSignal,
): Promise<Polled> {
  const resume = {
    updateIntervalInMs: pollIntervalMs,
    resumeFrom: serialized,
    abortSignal,
  };
  if (call.kind !== 'extension' && call.kind !== 'fluxConfiguration')
    return { done: true, poller: serialized };
  // The SDK's begin* with resumeFrom polls once itself: no second poll here.
  const { poller, retryAfterMs } = await beginDelete(azure, call, resume);
  return { done: poller.isDone(), poller: poller.toString(), retryAfterMs };
}
