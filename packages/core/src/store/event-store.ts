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
} from './types';

/**
 * The contract every event store implements: the in-memory store in core, PostgreSQL and
 * PGlite in `@edict/postgres`. The contract suite in `@edict/core/testing` checks it.
 */
export interface EventStore {
  /**
   * Appends all events or none. Throws `ConcurrencyError` (with the actual version) when the
   * stream is not at `expectedVersion`, `DuplicateCommandError` when `commandId` was recorded.
   */
  append(request: AppendRequest): Promise<AppendResult>;

  /** Up to `limit` events of one stream with version >= `fromVersion`, in version order. */
  readStream(streamId: string, fromVersion: number, limit: number): Promise<RecordedEvent[]>;

  /**
   * As `readStream`, with only what rehydrating an aggregate needs (version, type, schema
   * version, data): the read path of every cold load, so it carries no envelope.
   */
  readStreamData(streamId: string, fromVersion: number, limit: number): Promise<StreamEventData[]>;

  /**
   * Up to `limit` events with position > `afterPosition`, in position order, never skipping
   * an event that commits later with a lower position than one already returned.
   */
  readAll(afterPosition: number, limit: number): Promise<RecordedEvent[]>;

  /** The stream's current version, 0 when it has no events. */
  streamVersion(streamId: string): Promise<number>;

  /** The highest position `readAll` can return now, 0 when the log is empty. */
  headPosition(): Promise<number>;

  /** Calls `listener` after events may have been appended (by this or, where possible, another process). */
  onAppended(listener: () => void): () => void;

  findCommand(commandId: string): Promise<StoredCommand | undefined>;

  loadCheckpoint(name: string): Promise<number | undefined>;
  /** Moves a checkpoint forward; a lower position than the stored one changes nothing. */
  saveCheckpoint(name: string, position: number): Promise<void>;
  /** Sets a checkpoint, backwards too: for rebuilds and operators. */
  resetCheckpoint(name: string, position: number): Promise<void>;

  loadSnapshot(streamId: string): Promise<Snapshot | undefined>;
  saveSnapshot(snapshot: Snapshot): Promise<void>;

  loadProcessState(process: string, instanceId: string): Promise<ProcessState | undefined>;
  saveProcessState(state: ProcessState): Promise<void>;

  addDeadLetter(entry: DeadLetter): Promise<void>;
  readDeadLetters(handler: string): Promise<DeadLetter[]>;

  /** The exclusive lease on a handler name, or undefined while another holder has it. */
  tryLockHandler(name: string): Promise<HandlerLease | undefined>;

  close(): Promise<void>;
}
