import { InvalidArgumentError } from '../errors';
import { checkIdentifier, MAX_ID_LENGTH } from '../validation/rules';
import type {
  AppendRequest,
  DeadLetter,
  NewEvent,
  ProcessState,
  Snapshot,
  TruncateRequest,
} from '../contracts/store-records';

/** Argument checks shared by every store, so each refuses bad input the same way. */
export function checkStreamId(streamId: unknown): string {
  const problem = checkIdentifier(streamId, MAX_ID_LENGTH * 2);
  if (problem) throw new InvalidArgumentError('stream id', problem);
  return streamId as string;
}

export function checkName(kind: string, name: unknown): string {
  const problem = checkIdentifier(name, MAX_ID_LENGTH);
  if (problem) throw new InvalidArgumentError(kind, problem);
  return name as string;
}

export function checkCount(kind: string, value: unknown, min: number): number {
  if (!Number.isSafeInteger(value) || (value as number) < min) {
    throw new InvalidArgumentError(kind, `expected an integer >= ${min}, got ${String(value)}`);
  }
  return value as number;
}

export function checkAppend(request: AppendRequest): void {
  checkStreamId(request.streamId);
  const ev = request.expectedVersion;
  if (ev !== 'any' && ev !== 'no-stream') checkCount('expected version', ev, 0);
  if (request.commandId !== undefined) checkName('command id', request.commandId);
  if (request.commandFingerprint !== undefined) {
    if (request.commandId === undefined)
      throw new InvalidArgumentError('command fingerprint', 'given without a command id');
    checkName('command fingerprint', request.commandFingerprint);
  }
  if (!Array.isArray(request.events)) throw new InvalidArgumentError('events', 'expected an array');
  for (const e of request.events as readonly NewEvent[]) {
    checkName('event id', e.eventId);
    checkName('event type', e.type);
    checkCount('schema version', e.schemaVersion, 1);
    if (typeof e.data !== 'object' || e.data === null || Array.isArray(e.data)) {
      throw new InvalidArgumentError('event data', `event '${e.type}' must carry a JSON object`);
    }
  }
}

/** The dead letters an operation names: a handler, and ids (positive integers) or none for all. */
export function checkDeadLetterIds(handler: unknown, ids: unknown): void {
  checkName('handler name', handler);
  if (ids === undefined) return;
  if (!Array.isArray(ids)) throw new InvalidArgumentError('dead letter ids', 'expected an array of ids');
  if (ids.length > 10_000) throw new InvalidArgumentError('dead letter ids', `${ids.length} ids; at most 10000`);
  for (const id of ids as unknown[]) checkCount('dead letter id', id, 1);
}

export function checkStreamRead(streamId: string, fromVersion: number, limit: number): void {
  checkStreamId(streamId);
  checkCount('from version', fromVersion, 1);
  checkCount('limit', limit, 1);
}

export function checkLogRead(afterPosition: number, limit: number): void {
  checkCount('position', afterPosition, 0);
  checkCount('limit', limit, 1);
}

export function checkDeadLetter(entry: DeadLetter): void {
  checkName('handler name', entry.handler);
  checkCount('attempts', entry.attempts, 1);
}

export function checkSnapshot(snapshot: Snapshot): void {
  checkStreamId(snapshot.streamId);
  checkCount('snapshot version', snapshot.version, 1);
  checkCount('snapshot shape version', snapshot.snapshotVersion, 1);
}

export function checkProcessKey(process: string, instanceId: string): void {
  checkName('process name', process);
  checkName('instance id', instanceId);
}

export function checkProcessState(state: ProcessState): void {
  checkProcessKey(state.process, state.instanceId);
  checkCount('position', state.position, 0);
}

export function checkTruncate(request: TruncateRequest): void {
  checkStreamId(request.streamId);
  checkCount('before', request.before, 1);
  checkCount('snapshot shape version', request.snapshotVersion, 1);
}

export function checkCheckpoint(name: string, position: number): void {
  checkName('checkpoint name', name);
  checkCount('position', position, 0);
}
