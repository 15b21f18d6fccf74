import type { RecordedEvent } from '../contracts/store-records';
import type { WakeUp } from './wake-up';

/** What a feed reads: the log, its head and its wake-ups, a narrow view of the store. */
export interface EventLog {
  readAll(afterPosition: number, limit: number): Promise<RecordedEvent[]>;
  headPosition(): Promise<number>;
  onAppended(listener: () => void): () => void;
}

/**
 * The log as a subscription reads it: batches after a position, the next batch read while the
 * current one is delivered (so a catch-up goes at the pace of the handler, not of the round
 * trips), and, at the end of the log, a wait for new events: a wake-up (an append here, a
 * NOTIFY from elsewhere) or the poll interval, the safety net for a missed one.
 */
export class Feed {
  private ahead: { readonly after: number; readonly batch: Promise<RecordedEvent[]> } | undefined;
  private readFrom = 0;
  private unsubscribe: (() => void) | undefined;

  constructor(
    private readonly log: EventLog,
    private readonly wakeUp: WakeUp,
    private readonly batchSize: number,
    private readonly pollIntervalMs: number,
  ) {}

  /** Starts listening for appends. */
  open(): void {
    this.unsubscribe ??= this.log.onAppended(() => this.wakeUp.wake());
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
    const batch = await (ahead?.after === position ? ahead.batch : this.log.readAll(position, this.batchSize));
    if (batch.length === this.batchSize) {
      const after = batch[batch.length - 1]!.position;
      const next = this.log.readAll(after, this.batchSize);
      next.catch(() => undefined); // awaited when used; a dropped read is not an unhandled rejection
      this.ahead = { after, batch: next };
    }
    return batch;
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
}
