import type { AzureClients } from '../../../azure/createAzureClients';
import type { AzureCall } from '../../../plan/types';

/** How a call ended for now. */
export type CallProgress =
  /** In place: nothing more to do. */
  | { done: true; detail?: string }
  /** An Azure long-running operation is under way: its serialized poller, and when Azure asked to be polled. */
  | { done: false; poller: string; retryAfterMs?: number }
  /** Azure is busy with an operation on it that this engine did not see start (e.g. before a crash). */
  | { done: false; busy: true };

/** Where one poll left an operation. */
export interface Polled {
  done: boolean;
  /** The poller, serialized, to resume from at the next poll. */
  poller: string;
  /** When Azure asked to be polled again (its Retry-After), if it said. */
  retryAfterMs?: number;
}

/** One read of the status of an operation under way, resumed from its serialized poller. */
export type PollOperation<C extends AzureCall> = (
  azure: AzureClients,
  call: C,
  serialized: string,
  pollIntervalMs: number,
  abortSignal?: AbortSignal,
) => Promise<Polled>;

/** What Azure reports about an installed Flux configuration. */
export interface FluxReport {
  provisioning: string;
  compliance: string;
  /** Why it is not in place, from Flux's own status conditions. */
  problem?: string;
}

/** Where a component's resource stands, read from Azure (one GET). */
export interface ReadBack {
  provisioning: string;
  flux?: FluxReport;
}

/** The operations on Azure of one kind of component call. */
export interface KindUnit<C extends AzureCall> {
  /**
   * Sends the one Azure write that installs the component: done when it
   * returns for a synchronous ARM write, else the operation it started.
   */
  start(
    azure: AzureClients,
    call: C,
    pollIntervalMs: number,
    abortSignal?: AbortSignal,
  ): Promise<CallProgress>;
  /** Removes what the component installed, when the plan no longer has it. */
  remove(
    azure: AzureClients,
    call: C,
    pollIntervalMs: number,
    abortSignal?: AbortSignal,
  ): Promise<CallProgress>;
  /** Kinds whose writes are long-running operations: the steps that follow them. */
  longRunning?: {
    /** One read of the status of the install operation, resumed from its serialized poller. */
    poll: PollOperation<C>;
    /** One read of the status of the removal operation, resumed from its serialized poller. */
    pollRemoval: PollOperation<C>;
    /** One read of the component's resource: whether its operation ended, and how. */
    read(
      azure: AzureClients,
      call: C,
      abortSignal?: AbortSignal,
    ): Promise<ReadBack>;
  };
}

/** The unit of one kind of call, by its `kind`. */
export type KindUnitOf<K extends AzureCall['kind']> = KindUnit<
  Extract<AzureCall, { kind: K }>
>;
