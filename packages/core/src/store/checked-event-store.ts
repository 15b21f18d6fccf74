import type { AggregateStateStore } from '../contracts/aggregate-state-store';
import type { EventLog } from '../contracts/event-log';
import type { EventStore } from '../contracts/event-store';
import type { HandlerStateStore } from '../contracts/handler-state-store';
import type { TruncationStore } from '../contracts/truncation-store';
import type {
  AppendRequest,
  AppendResult,
  DeadLetter,
  PartitionRange,
  PartitionRead,
  ProcessState,
  RecordedEvent,
  Snapshot,
  StoredCommand,
  StreamEventData,
  TruncateRequest,
  Truncation,
} from '../contracts/store-records';
import type { SubjectKeyStore } from '../contracts/subject-key-store';
import type { EventStoreParts } from './event-store-parts';
import { InvalidArgumentError } from '../errors';
import { CheckedCheckpointStore } from './checked-checkpoint-store';
import { partitionByScan } from './partition-by-scan';
import { CheckedSubjectKeys } from './checked-subject-keys';
import {
  checkAppend,
  checkDeadLetter,
  checkDeadLetterIds,
  checkLogRead,
  checkName,
  checkProcessKey,
  checkProcessState,
  checkSnapshot,
  checkStreamId,
  checkStreamRead,
  checkTruncate,
} from './store-arguments';
import { checked } from './checked';

export type { EventStoreParts } from './event-store-parts';

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
export class CheckedEventStore extends CheckedCheckpointStore implements EventStore {
  // Named so that a store built on this class keeps `log`, `parts` and the like for its own
  // members. Not ES #private fields: those would break a Proxy or Object.create over a store.
  private readonly logPart: EventLog;
  private readonly handlerStatePart: HandlerStateStore;
  private readonly aggregateStatePart: AggregateStateStore;
  private readonly truncationPart: TruncationStore;
  private readonly closeParts: () => Promise<void>;
  readonly subjectKeys?: SubjectKeyStore;

  constructor(parts: EventStoreParts) {
    super(parts.handlerState);
    this.logPart = parts.log;
    this.handlerStatePart = parts.handlerState;
    this.aggregateStatePart = parts.aggregateState;
    this.truncationPart = parts.truncations;
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
    return checked(
      () => checkLogRead(afterPosition, limit),
      () => this.logPart.readAll(afterPosition, limit),
    );
  }

  readPartition(afterPosition: number, limit: number, partition: PartitionRange): Promise<PartitionRead> {
    return checked(
      () => checkLogRead(afterPosition, limit, partition),
      () =>
        this.logPart.readPartition?.(afterPosition, limit, partition) ??
        partitionByScan(this.logPart, afterPosition, limit, partition),
    );
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

  addDeadLetter(entry: DeadLetter): Promise<void> {
    return checked(
      () => checkDeadLetter(entry),
      () => this.handlerStatePart.addDeadLetter(entry),
    );
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
    return checked(
      () => checkSnapshot(snapshot),
      () => this.aggregateStatePart.saveSnapshot(snapshot),
    );
  }

  loadProcessState(process: string, instanceId: string): Promise<ProcessState | undefined> {
    return checked(
      () => checkProcessKey(process, instanceId),
      () => this.aggregateStatePart.loadProcessState(process, instanceId),
    );
  }

  saveProcessState(state: ProcessState): Promise<void> {
    return checked(
      () => checkProcessState(state),
      () => this.aggregateStatePart.saveProcessState(state),
    );
  }

  truncateStream(request: TruncateRequest): Promise<Truncation> {
    return checked(
      () => checkTruncate(request),
      () => this.truncationPart.truncateStream(request),
    );
  }

  readTruncations(streamId?: string): Promise<Truncation[]> {
    return checked(
      () => streamId === undefined || checkStreamId(streamId),
      () => this.truncationPart.readTruncations(streamId),
    );
  }

  close(): Promise<void> {
    return this.closeParts();
  }
}
