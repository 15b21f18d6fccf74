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
import { InvalidArgumentError } from '../errors';
import { checkAppend, checkCount, checkName, checkStreamId } from './store-arguments';

/** What a store is made of: its three contracts, unchecked, and how it closes. */
export interface EventStoreParts {
  readonly log: EventLog;
  readonly handlerState: HandlerStateStore;
  readonly aggregateState: AggregateStateStore;
  /** Releases what the parts hold; called once per `close()` of the store. */
  close(): Promise<void>;
}

// A bad argument is a rejected promise, as from the store itself, never a synchronous throw.
const refuse = (error: Error): Promise<never> => Promise.reject(error);

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
  // ES private fields: a store built on this class may name its own members freely.
  readonly #log: EventLog;
  readonly #handlerState: HandlerStateStore;
  readonly #aggregateState: AggregateStateStore;
  readonly #close: () => Promise<void>;

  constructor(parts: EventStoreParts) {
    this.#log = parts.log;
    this.#handlerState = parts.handlerState;
    this.#aggregateState = parts.aggregateState;
    this.#close = () => parts.close();
  }

  append(request: AppendRequest): Promise<AppendResult> {
    try {
      checkAppend(request);
    } catch (error) {
      return refuse(error as Error);
    }
    return this.#log.append(request);
  }

  readStream(streamId: string, fromVersion: number, limit: number): Promise<RecordedEvent[]> {
    try {
      checkStreamRead(streamId, fromVersion, limit);
    } catch (error) {
      return refuse(error as Error);
    }
    return this.#log.readStream(streamId, fromVersion, limit);
  }

  readStreamData(streamId: string, fromVersion: number, limit: number): Promise<StreamEventData[]> {
    try {
      checkStreamRead(streamId, fromVersion, limit);
    } catch (error) {
      return refuse(error as Error);
    }
    return this.#log.readStreamData(streamId, fromVersion, limit);
  }

  readAll(afterPosition: number, limit: number): Promise<RecordedEvent[]> {
    try {
      checkCount('position', afterPosition, 0);
      checkCount('limit', limit, 1);
    } catch (error) {
      return refuse(error as Error);
    }
    return this.#log.readAll(afterPosition, limit);
  }

  streamVersion(streamId: string): Promise<number> {
    try {
      checkStreamId(streamId);
    } catch (error) {
      return refuse(error as Error);
    }
    return this.#log.streamVersion(streamId);
  }

  headPosition(): Promise<number> {
    return this.#log.headPosition();
  }

  onAppended(listener: () => void): () => void {
    if (typeof listener !== 'function') throw new InvalidArgumentError('listener', 'expected a function');
    return this.#log.onAppended(listener);
  }

  findCommand(commandId: string): Promise<StoredCommand | undefined> {
    try {
      checkName('command id', commandId);
    } catch (error) {
      return refuse(error as Error);
    }
    return this.#log.findCommand(commandId);
  }

  loadCheckpoint(name: string): Promise<number | undefined> {
    try {
      checkName('checkpoint name', name);
    } catch (error) {
      return refuse(error as Error);
    }
    return this.#handlerState.loadCheckpoint(name);
  }

  saveCheckpoint(name: string, position: number): Promise<void> {
    try {
      checkName('checkpoint name', name);
      checkCount('position', position, 0);
    } catch (error) {
      return refuse(error as Error);
    }
    return this.#handlerState.saveCheckpoint(name, position);
  }

  resetCheckpoint(name: string, position: number): Promise<void> {
    try {
      checkName('checkpoint name', name);
      checkCount('position', position, 0);
    } catch (error) {
      return refuse(error as Error);
    }
    return this.#handlerState.resetCheckpoint(name, position);
  }

  tryLockHandler(name: string): Promise<HandlerLease | undefined> {
    try {
      checkName('handler name', name);
    } catch (error) {
      return refuse(error as Error);
    }
    return this.#handlerState.tryLockHandler(name);
  }

  addDeadLetter(entry: DeadLetter): Promise<void> {
    try {
      checkName('handler name', entry.handler);
      checkCount('attempts', entry.attempts, 1);
    } catch (error) {
      return refuse(error as Error);
    }
    return this.#handlerState.addDeadLetter(entry);
  }

  readDeadLetters(handler: string): Promise<DeadLetter[]> {
    try {
      checkName('handler name', handler);
    } catch (error) {
      return refuse(error as Error);
    }
    return this.#handlerState.readDeadLetters(handler);
  }

  loadSnapshot(streamId: string): Promise<Snapshot | undefined> {
    try {
      checkStreamId(streamId);
    } catch (error) {
      return refuse(error as Error);
    }
    return this.#aggregateState.loadSnapshot(streamId);
  }

  saveSnapshot(snapshot: Snapshot): Promise<void> {
    try {
      checkStreamId(snapshot.streamId);
      checkCount('snapshot version', snapshot.version, 1);
      checkCount('snapshot shape version', snapshot.snapshotVersion, 1);
    } catch (error) {
      return refuse(error as Error);
    }
    return this.#aggregateState.saveSnapshot(snapshot);
  }

  loadProcessState(process: string, instanceId: string): Promise<ProcessState | undefined> {
    try {
      checkName('process name', process);
      checkName('instance id', instanceId);
    } catch (error) {
      return refuse(error as Error);
    }
    return this.#aggregateState.loadProcessState(process, instanceId);
  }

  saveProcessState(state: ProcessState): Promise<void> {
    try {
      checkName('process name', state.process);
      checkName('instance id', state.instanceId);
      checkCount('position', state.position, 0);
    } catch (error) {
      return refuse(error as Error);
    }
    return this.#aggregateState.saveProcessState(state);
  }

  close(): Promise<void> {
    return this.#close();
  }
}

function checkStreamRead(streamId: string, fromVersion: number, limit: number): void {
  checkStreamId(streamId);
  checkCount('from version', fromVersion, 1);
  checkCount('limit', limit, 1);
}
