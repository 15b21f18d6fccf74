import type { AppendRequest, AppendResult, RecordedEvent, StoredCommand, StreamEventData } from './store-records';

/**
 * The event log: appends, reads by stream and by global position, wake-ups, and the commands
 * recorded with appends. What the dispatcher writes and every subscription reads.
 */
export interface EventLog {
  /**
   * Appends all events or none. Throws `ConcurrencyError` (with the actual version) when the
   * stream is not at `expectedVersion`, `DuplicateCommandError` when `commandId` was recorded.
   */
  append(request: AppendRequest): Promise<AppendResult>;

  /**
   * The stream's events with a version from `fromVersion` to `fromVersion + limit - 1`, in
   * version order. Versions are dense from the stream's first kept event, so a range below a
   * truncation returns only what is left of it (possibly nothing).
   */
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

  /** What was recorded for a command id given with an append, for idempotent re-dispatch. */
  findCommand(commandId: string): Promise<StoredCommand | undefined>;
}
