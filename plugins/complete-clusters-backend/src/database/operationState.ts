/**
 * What the engine keeps between two steps of a phase, so that any replica
 * (or this one after a restart) follows the Azure operation already under
 * way instead of starting another. One type, parsed and serialised only by
 * the store.
 */

/**
 * An Azure operation of one policy or application that the component phases
 * follow; `due`: when the engine reads it next (epoch ms, Azure's
 * Retry-After), absent meaning now.
 */
export type ComponentOp =
  /**
   * A long-running operation the engine started: its SDK poller, serialized
   * (read once if the resource ends Failed, for Azure's reason), and the
   * Retry-After Azure gave when it accepted the operation.
   */
  | {
      kind: 'poller';
      poller: string;
      since: number;
      due?: number;
      retryAfterMs?: number;
    }
  /** An operation the engine did not see start (e.g. before a crash): read the resource until it settles. */
  | { kind: 'watch'; since: number; due?: number }
  /** Provisioned in Azure; waiting for Flux to report it in place. */
  | { kind: 'compliance'; since: number; due?: number }
  /** The removal of a component the plan no longer has. */
  | { kind: 'removing'; poller: string; since: number; due?: number };

export type OperationState =
  /**
   * The managed cluster's create or update, or the resource group's
   * deletion: the SDK poller, serialized, and the Retry-After Azure gave
   * when it accepted the operation.
   */
  | { kind: 'poller'; poller: string; retryAfterMs?: number }
  /** A managed-cluster operation the engine did not see start (a crash right after the PUT): watch the cluster until it settles. */
  | { kind: 'watch' }
  /** The Policies and Applications phases: the operation of each component in flight, by component key. */
  | { kind: 'components'; ops: Record<string, ComponentOp> };

const COMPONENT_OPS = new Set(['poller', 'watch', 'compliance', 'removing']);

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A stored Retry-After, kept only when it is a number of milliseconds. */
function retryAfterOf(value: Record<string, unknown>): {
  retryAfterMs?: number;
} {
  const { retryAfterMs } = value;
  return typeof retryAfterMs === 'number' &&
    Number.isFinite(retryAfterMs) &&
    retryAfterMs >= 0
    ? { retryAfterMs }
    : {};
}

function componentOps(value: unknown): Record<string, ComponentOp> | undefined {
  if (!isObject(value)) return undefined;
  const ops: Record<string, ComponentOp> = {};
  for (const [key, op] of Object.entries(value)) {
    if (
      !isObject(op) ||
      !COMPONENT_OPS.has(op.kind as string) ||
      typeof op.since !== 'number'
    )
      return undefined;
    if (
      (op.kind === 'poller' || op.kind === 'removing') &&
      typeof op.poller !== 'string'
    )
      return undefined;
    const { retryAfterMs: _given, ...rest } = op;
    ops[key] = { ...rest, ...retryAfterOf(op) } as ComponentOp;
  }
  return ops;
}

/**
 * Reads the stored text. Rows written before this type existed held the
 * component phases' state without a kind (`{ ops }`): read as components.
 * Anything else unreadable is no state: the phase starts its operation again
 * (Azure writes are idempotent, and a busy resource is then watched).
 */
export function parseOperationState(
  text: string | null | undefined,
): OperationState | undefined {
  if (!text) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (!isObject(value)) return undefined;
  if (value.kind === 'poller' && typeof value.poller === 'string')
    return {
      kind: 'poller',
      poller: value.poller,
      ...retryAfterOf(value),
    };
  if (value.kind === 'watch') return { kind: 'watch' };
  if (
    value.kind === 'components' ||
    (value.kind === undefined && 'ops' in value)
  ) {
    const ops = componentOps(value.ops ?? {});
    return ops ? { kind: 'components', ops } : undefined;
  }
  return undefined;
}

export function serialiseOperationState(
  state: OperationState | undefined,
): string | null {
  return state ? JSON.stringify(state) : null;
}

/** Failed outcomes of each operation of a cluster's current phase, by the operation (what it does). */
export type OperationFailures = Record<string, number>;

/** Reads the stored counts; anything unreadable counts nothing. */
export function parseOperationFailures(
  text: string | null | undefined,
): OperationFailures {
  if (!text) return {};
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return {};
  }
  if (!isObject(value)) return {};
  const counts: OperationFailures = {};
  for (const [operation, count] of Object.entries(value))
    if (typeof count === 'number' && Number.isInteger(count) && count > 0)
      counts[operation] = count;
  return counts;
}

export function serialiseOperationFailures(
  counts: OperationFailures | undefined,
): string | null {
  return counts && Object.keys(counts).length > 0
    ? JSON.stringify(counts)
    : null;
}
