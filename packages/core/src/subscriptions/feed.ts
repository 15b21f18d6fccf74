import type { PartitionRange, PartitionRead, RecordedEvent } from '../contracts/store-records';
import type { WakeUp } from './wake-up';
import { partitionByScan } from '../store/partition-by-scan';

/** What a feed reads: the log, its head and its wake-ups, a narrow view of the store. */
export interface EventLog {
  readAll(afterPosition: number, limit: number): Promise<RecordedEvent[]>;
  readPartition?(afterPosition: number, limit: number, partition: PartitionRange): Promise<PartitionRead>;
  headPosition(): Promise<number>;
  onAppended(listener: () => void): () => void;
}

/**
 * The log as a subscription reads it: batches after a position, the next batch read while the
 * current one is delivered (so a catch-up goes at the pace of the handler, not of the round
 * trips), and, at the end of the log, a wait for new events: a wake-up (an append here, a
 * NOTIFY from elsewhere) or the poll interval, the safety net for a missed one. Given a
 * partition, it reads only that partition's events (`readPartition`).
 */
export class Feed {
  private ahead: { readonly after: number; readonly batch: Promise<RecordedEvent[] | PartitionRead> } | undefined;
  private readFrom = 0;
  /** What the last batch covered: a partition's short batch covers the log up to the head it saw. */
  private covered = 0;
  private unsubscribe: (() => void) | undefined;
  private notified = 0;

  constructor(
    private readonly log: EventLog,
    private readonly wakeUp: WakeUp,
    private readonly batchSize: number,
    private readonly pollIntervalMs: number,
    private readonly partition?: PartitionRange,
  ) {}

  /** Starts listening for appends. */
  open(): void {
    this.unsubscribe ??= this.log.onAppended(() => {
      this.notified++;
      this.wakeUp.wake();
    });
  }

  /**
   * Whether a notification came since this call. One after an outage says the store is back (it
   * comes with events committed, or from a listener connected again): it ends an outage's
   * back-off early, so that a long outage, which lengthens the back-off, does not delay the
   * handler after it.
   */
  notifiedSince(): () => boolean {
    const from = this.notified;
    return () => this.notified !== from;
  }

  close(): void {
    this.unsubscribe?.();
    this.unsubscribe = undefined;
    this.ahead = undefined;
  }

  /** Up to a batch of events after `position`; a full batch starts the read of the next one. */
  async read(position: number): Promise<RecordedEvent[]> {
    this.readFrom = this.wakeUp.generation;
    const ahead = this.ahead;
    this.ahead = undefined;
    const read = await (ahead?.after === position ? ahead.batch : this.readAfter(position));
    const events = Array.isArray(read) ? read : read.events;
    if (events.length === this.batchSize) {
      const after = events[events.length - 1]!.position;
      const next = this.readAfter(after);
      next.catch(() => undefined); // awaited when used; a dropped read is not an unhandled rejection
      this.ahead = { after, batch: next };
    }
    this.covered = Array.isArray(read) ? (events[events.length - 1]?.position ?? position) : read.through;
    return events;
  }

  /**
   * Where a handler at `position` stands once it got through the last batch read: the position
   * that batch covered (past a partition's last event, up to the head it saw), else `position`.
   */
  through(batch: readonly RecordedEvent[], position: number): number {
    const last = batch[batch.length - 1]?.position ?? 0;
    return position >= last ? Math.max(position, this.covered) : position;
  }

  /** Whether `batch` reached the end of the log as it was when read. */
  reachedEnd(batch: readonly RecordedEvent[]): boolean {
    return batch.length < this.batchSize;
  }

  /** Waits for new events, unless a wake-up came since the last read began. */
  async idle(): Promise<void> {
    if (this.wakeUp.generation === this.readFrom) await this.wakeUp.sleep(this.pollIntervalMs);
  }

  /** Forgets the batch read ahead (a rebuild starts again from the origin). */
  drop(): void {
    this.ahead = undefined;
  }

  head(): Promise<number> {
    return this.log.headPosition();
  }

  /** A partition's read, or the log's (no promise more than `readAll`'s: the tick count matters to the loop's pace). */
  private readAfter(position: number): Promise<RecordedEvent[] | PartitionRead> {
    const p = this.partition;
    if (!p) return this.log.readAll(position, this.batchSize);
    return (
      this.log.readPartition?.(position, this.batchSize, p) ?? partitionByScan(this.log, position, this.batchSize, p)
    );
  }
}
