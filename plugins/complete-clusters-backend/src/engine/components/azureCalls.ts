import type { AzureClients } from '../../azure/createAzureClients';
import type { AzureCall } from '../../plan/types';
import { addon } from './kinds/addon';
import { extension } from './kinds/extension';
import { fluxConfiguration } from './kinds/fluxConfiguration';
import { policyAssignment } from './kinds/policyAssignment';
import { roleAssignment } from './kinds/roleAssignment';
import { roleDefinition } from './kinds/roleDefinition';
import type {
  CallProgress,
  KindUnit,
  KindUnitOf,
  Polled,
  ReadBack,
} from './kinds/types';

export { fluxReport } from './kinds/fluxConfiguration';
export type { CallProgress, FluxReport, Polled } from './kinds/types';

/**
 * The Azure calls of each kind of component, one unit per kind
 * (`kinds/`): this maps a call's `kind` to its unit.
 */
const UNITS: { [K in AzureCall['kind']]: KindUnitOf<K> } = {
  policyAssignment,
  roleDefinition,
  roleAssignment,
  extension,
  fluxConfiguration,
  addon,
};

function unitOf<C extends AzureCall>(call: C): KindUnit<C> | undefined {
  return (UNITS as unknown as Record<string, KindUnit<C> | undefined>)[
    call.kind
  ];
}

/** Whether Azure answers this kind of call with a long-running operation (extensions, Flux configurations). */
export function isLongRunning(kind: AzureCall['kind']): boolean {
  return Boolean(UNITS[kind]?.longRunning);
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
  const unit = unitOf(call);
  if (!unit)
    throw new Error(`Unknown component call ${(call as AzureCall).kind}`);
  return unit.start(azure, call, pollIntervalMs, abortSignal);
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
  const longRunning = unitOf(call)?.longRunning;
  if (!longRunning)
    throw new Error(`${call.kind} has no long-running operation`);
  return longRunning.poll(azure, call, serialized, pollIntervalMs, abortSignal);
}

/** Where an extension or Flux configuration stands, read from Azure (one GET). */
export async function readCall(
  azure: AzureClients,
  call: AzureCall,
  abortSignal?: AbortSignal,
): Promise<ReadBack> {
  const longRunning = unitOf(call)?.longRunning;
  if (!longRunning) throw new Error(`${call.kind} is not read back`);
  return longRunning.read(azure, call, abortSignal);
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
  const unit = unitOf(call);
  if (!unit) return { done: true };
  return unit.remove(azure, call, pollIntervalMs, abortSignal);
}

/** One poll of a removal started by {@link startRemoval}: one read of the operation's status. */
export async function pollRemoval(
  azure: AzureClients,
  call: AzureCall,
  serialized: string,
  pollIntervalMs: number,
  abortSignal?: AbortSignal,
): Promise<Polled> {
  const longRunning = unitOf(call)?.longRunning;
  if (!longRunning) return { done: true, poller: serialized };
  return longRunning.pollRemoval(
    azure,
    call,
    serialized,
    pollIntervalMs,
    abortSignal,
  );
}
