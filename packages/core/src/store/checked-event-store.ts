import type { AggregateStateStore } from '../contracts/aggregate-state-store';
import type { EventLog } from '../contracts/event-log';
import type { EventStore } from '../contracts/event-store';
import type { HandlerStateStore } from '../contracts/handler-state-store';
import type {
  AppendRequest,
  AppendResult,
  DeadLetter,
  HandlerLease,
  ProcessState,
  RecordedEvent,
  Snapshot,
  StoredCommand,
  StreamEventData,
} from '../contracts/store-records';
import type { SubjectKeyStore } from '../contracts/subject-key-store';
import { InvalidArgumentError } from '../errors';
import { CheckedSubjectKeys } from './checked-subject-keys';
import { checkAppend, checkCount, checkDeadLetterIds, checkName, checkStreamId } from './store-arguments';

/** What a store is made of: its three contracts, unchecked, and how it closes. */
export interface EventStoreParts {
  readonly log: EventLog;
  readonly handlerState: HandlerStateStore;
  readonly aggregateState: AggregateStateStore;
  /** The subjects' data keys, when the store keeps them (personal data). */
  readonly subjectKeys?: SubjectKeyStore;
  /** Releases what the parts hold; called once per `close()` of the store. */
  close(): Promise<void>;
}

// A bad argument is a rejected promise, as from the store itself, never a synchronous throw.
const refuse = (error: Error): Promise<never> => Promise.reject(error);

/** Runs `run` once `check` passed; a failed check is the rejected promise. */
function checked<T>(check: () => void, run: () => Promise<T>): Promise<T> {
  try {
    check();
  } catch (error) {
    return refuse(error as Error);
  }
  return run();
}

/**
 * The one place the argument rules of every store live: each method checks its arguments
 * (an `InvalidArgumentError` naming the argument, nothing written) and only then calls the
 * part that does the work, which can take its arguments as well-formed. The in-memory store
 * and the PostgreSQL store are built on it, so they refuse bad input alike.
 *
 * @example
 * class MyStore extends CheckedEventStore {
 *   constructor() {
 *     const parts = new MyTables();
 *     super({ log: parts, handlerState: parts, aggregateState: parts, close: () => parts.end() });
 *   }
 * }
 */
export class CheckedEventStore implements EventStore {
  // Named so that a store built on this class keeps `log`, `parts` and the like for its own
  // members. Not ES #private fields: those would break a Proxy or Object.create over a store.
  private readonly logPart: EventLog;
  private readonly handlerStatePart: HandlerStateStore;
  private readonly aggregateStatePart: AggregateStateStore;
  private readonly closeParts: () => Promise<void>;
  readonly subjectKeys?: SubjectKeyStore;

  constructor(parts: EventStoreParts) {
    this.logPart = parts.log;
    this.handlerStatePart = parts.handlerState;
    this.aggregateStatePart = parts.aggregateState;
    this.closeParts = () => parts.close();
    if (parts.subjectKeys) this.subjectKeys = new CheckedSubjectKeys(parts.subjectKeys);
  }

  append(request: AppendRequest): Promise<AppendResult> {
    return checked(
      () => checkAppend(request),
      () => this.logPart.append(request),
    );
  }

  readStream(streamId: string, fromVersion: number, limit: number): Promise<RecordedEvent[]> {
    return checked(
      () => checkStreamRead(streamId, fromVersion, limit),
      () => this.logPart.readStream(streamId, fromVersion, limit),
    );
  }

  readStreamData(streamId: string, fromVersion: number, limit: number): Promise<StreamEventData[]> {
    return checked(
      () => checkStreamRead(streamId, fromVersion, limit),
      () => this.logPart.readStreamData(streamId, fromVersion, limit),
    );
  }

  readAll(afterPosition: number, limit: number): Promise<RecordedEvent[]> {
    try {
      checkCount('position', afterPosition, 0);
      checkCount('limit', limit, 1);
    } catch (error) {
      return refuse(error as Error);
    }
    return this.logPart.readAll(afterPosition, limit);
  }

  streamVersion(streamId: string): Promise<number> {
    return checked(
      () => checkStreamId(streamId),
      () => this.logPart.streamVersion(streamId),
    );
  }

  headPosition(): Promise<number> {
    return this.logPart.headPosition();
  }

  onAppended(listener: () => void): () => void {
    if (typeof listener !== 'function') throw new InvalidArgumentError('listener', 'expected a function');
    return this.logPart.onAppended(listener);
  }

  findCommand(commandId: string): Promise<StoredCommand | undefined> {
    return checked(
      () => checkName('command id', commandId),
      () => this.logPart.findCommand(commandId),
    );
  }

  loadCheckpoint(name: string): Promise<number | undefined> {
    return checked(
      () => checkName('checkpoint name', name),
      () => this.handlerStatePart.loadCheckpoint(name),
    );
  }

  saveCheckpoint(name: string, position: number): Promise<void> {
    try {
      checkName('checkpoint name', name);
      checkCount('position', position, 0);
    } catch (error) {
      return refuse(error as Error);
    }
    return this.handlerStatePart.saveCheckpoint(name, position);
  }

  resetCheckpoint(name: string, position: number): Promise<void> {
    try {
      checkName('checkpoint name', name);
      checkCount('position', position, 0);
    } catch (error) {
      return refuse(error as Error);
    }
    return this.handlerStatePart.resetCheckpoint(name, position);
  }

  tryLockHandler(name: string): Promise<HandlerLease | undefined> {
    return checked(
      () => checkName('handler name', name),
      () => this.handlerStatePart.tryLockHandler(name),
    );
  }

  addDeadLetter(entry: DeadLetter): Promise<void> {
    try {
      checkName('handler name', entry.handler);
      checkCount('attempts', entry.attempts, 1);
    } catch (error) {
      return refuse(error as Error);
    }
    return this.handlerStatePart.addDeadLetter(entry);
  }

  readDeadLetters(handler: string): Promise<DeadLetter[]> {
    return checked(
      () => checkName('handler name', handler),
      () => this.handlerStatePart.readDeadLetters(handler),
    );
  }

  retryDeadLetters(handler: string, ids?: readonly number[]): Promise<number> {
    return checked(
      () => checkDeadLetterIds(handler, ids),
      () => this.handlerStatePart.retryDeadLetters(handler, ids),
    );
  }

  readDeadLetterRetries(handler: string): Promise<DeadLetter[]> {
    return checked(
      () => checkName('handler name', handler),
      () => this.handlerStatePart.readDeadLetterRetries(handler),
    );
  }

  purgeDeadLetters(handler: string, ids?: readonly number[]): Promise<number> {
    return checked(
      () => checkDeadLetterIds(handler, ids),
      () => this.handlerStatePart.purgeDeadLetters(handler, ids),
    );
  }

  loadSnapshot(streamId: string): Promise<Snapshot | undefined> {
    return checked(
      () => checkStreamId(streamId),
      () => this.aggregateStatePart.loadSnapshot(streamId),
    );
  }

  saveSnapshot(snapshot: Snapshot): Promise<void> {
    try {
      checkStreamId(snapshot.streamId);
      checkCount('snapshot version', snapshot.version, 1);
      checkCount('snapshot shape version', snapshot.snapshotVersion, 1);
    } catch (error) {
      return refuse(error as Error);
    }
    return this.aggregateStatePart.saveSnapshot(snapshot);
  }

  loadProcessState(process: string, instanceId: string): Promise<ProcessState | undefined> {
    try {
      checkName('process name', process);
      checkName('instance id', instanceId);
    } catch (error) {
      return refuse(error as Error);
    }
    return this.aggregateStatePart.loadProcessState(process, instanceId);
  }

  saveProcessState(state: ProcessState): Promise<void> {
    try {
      checkName('process name', state.process);
      checkName('instance id', state.instanceId);
      checkCount('position', state.position, 0);
    } catch (error) {
      return refuse(error as Error);
    }
    return this.aggregateStatePart.saveProcessState(state);
  }

  close(): Promise<void> {
    return this.closeParts();
  }
}

function checkStreamRead(streamId: string, fromVersion: number, limit: number): void {
  checkStreamId(streamId);
  checkCount('from version', fromVersion, 1);
  checkCount('limit', limit, 1);
}
