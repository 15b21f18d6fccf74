import type { TruncateRequest, Truncation } from './store-records';

/**
 * The one exception to the append-only log: removing the events of a stream that a snapshot
 * covers (`edict.truncate`), and the record every such removal leaves.
 */
export interface TruncationStore {
  /**
   * In one transaction: checks that the stream has a snapshot of `snapshotVersion` at a
   * version >= `before - 1` and that `before` is not past the stream's version (the last event
   * always stays), removes the stream's events with a version below `before`, records the
   * truncation and marks the snapshot with it (`Snapshot.truncatedBefore`). Otherwise throws
   * `TruncationRefusedError` and removes nothing. Positions, the stream's version and the
   * head are unchanged. When no event is left to remove, records nothing (`removed` is 0).
   */
  truncateStream(request: TruncateRequest): Promise<Truncation>;

  /** The truncations recorded, oldest first; those of one stream when `streamId` is given. */
  readTruncations(streamId?: string): Promise<Truncation[]>;
}
