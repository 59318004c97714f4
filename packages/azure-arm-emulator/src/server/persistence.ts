import fs from 'node:fs';
import path from 'node:path';
import { settleOperations } from '../lro/operations';
import {
  EmulatorContext,
  Operation,
  RESOURCE_KINDS,
  StoredResource,
} from './context';

const FORMAT = 1;

/** What a state file holds: Azure's resources and finished operations; never stats, never secret values. */
interface StateFile {
  format: typeof FORMAT;
  savedAt: string;
  seq: number;
  resources: StoredResource[];
  operations: Array<Omit<Operation, 'onSucceeded'>>;
}

/** A state file that cannot be used; its message names the file and the fix. */
export class StateFileError extends Error {
  constructor(file: string, why: string) {
    super(
      `The Azure emulator's state file ${file} cannot be read: ${why}. Fix: delete it to start with an empty Azure, or restore a good copy.`,
    );
    this.name = 'StateFileError';
  }
}

function unreadable(file: string, why: string): Error {
  return new StateFileError(file, why);
}

/**
 * Reads a state file written by {@link saveState} into an empty context. A
 * missing file is an empty Azure; a damaged one is refused, naming the file
 * and the fix, rather than silently forgotten.
 */
export function loadState(ctx: EmulatorContext, file: string) {
  if (!fs.existsSync(file)) return;
  let data: StateFile;
  try {
    data = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (e) {
    throw unreadable(file, (e as Error).message);
  }
  if (
    data?.format !== FORMAT ||
    !Array.isArray(data.resources) ||
    !Array.isArray(data.operations) ||
    !Number.isInteger(data.seq)
  ) {
    throw unreadable(file, `it is not a state file of format ${FORMAT}`);
  }
  for (const r of data.resources) {
    if (
      typeof r?.key !== 'string' ||
      !(RESOURCE_KINDS as readonly string[]).includes(r.kind) ||
      typeof r.resource !== 'object'
    ) {
      throw unreadable(
        file,
        `resource ${JSON.stringify(r?.key ?? r)} is malformed`,
      );
    }
    ctx.state.resources.set(r.key, r);
  }
  for (const op of data.operations)
    ctx.state.operations.set(op.id, op as Operation);
  ctx.state.seq = data.seq;
}

/**
 * Writes the state to `file` (atomically: a crash mid-write keeps the previous
 * file). Operations still running are finished first, as Azure carries on
 * while the emulator is stopped: a client that saved an operation's URL finds
 * it Succeeded after a restart. Protected settings keep their keys, never
 * their values.
 */
export function saveState(ctx: EmulatorContext, file: string) {
  for (const op of ctx.state.operations.values()) {
    if (op.status === 'InProgress') op.doneAt = Math.min(op.doneAt, ctx.now());
  }
  settleOperations(ctx);
  const data: StateFile = {
    format: FORMAT,
    savedAt: new Date(ctx.now()).toISOString(),
    seq: ctx.state.seq,
    resources: [...ctx.state.resources.values()].map(r =>
      r.secrets
        ? {
            ...r,
            secrets: Object.fromEntries(
              Object.keys(r.secrets).map(k => [k, '']),
            ),
          }
        : r,
    ),
    operations: [...ctx.state.operations.values()].map(
      ({ onSucceeded: _done, ...op }) => op,
    ),
  };
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const temporary = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(temporary, JSON.stringify(data));
  fs.renameSync(temporary, file);
}
