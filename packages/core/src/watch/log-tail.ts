import type { RecordedEvent } from '../contracts/store-records';
import { Feed, type EventLog } from '../subscriptions/feed';
import { WakeUp } from '../subscriptions/wake-up';

interface TailWaiter {
  readonly after: number;
  readonly resolve: (moved: boolean) => void;
  readonly reject: (error: Error) => void;
}

/** A wait on the tail: resolves true once the tail read past the position, false on timeout or cancel. */
export interface TailWait {
  readonly moved: Promise<boolean>;
  cancel(): void;
}

/**
 * The newest stretch of the log, read once for all the live readers of an application: watchers
 * that reached the end of the log and live queries wait here and take their events from it, so
 * a thousand of them cost one read per append, not a thousand. It runs a `Feed` (wake-ups on
 * appends, the poll as a safety net) while anyone uses it, and keeps the last `capacity` events;
 * a reader further behind reads the store itself. The log only ever grows at its end and every
 * reader sees the same prefix of it (guarantee 4), so events taken here and events read from the
 * store line up position for position.
 */
export class LogTail {
  private readonly wakeUp = new WakeUp();
  private readonly feed: Feed;
  private kept: RecordedEvent[] = [];
  /** The position before the oldest kept event: the tail answers for positions from here on. */
  private base = 0;
  private current = 0;
  private ready = false;
  private users = 0;
  private stopped = false;
  private loop: Promise<void> | undefined;
  private readonly waiting = new Set<TailWaiter>();

  constructor(
    log: EventLog,
    batchSize: number,
    pollIntervalMs: number,
    private readonly capacity: number,
  ) {
    this.feed = new Feed(log, this.wakeUp, batchSize, pollIntervalMs);
  }

  /** The last position read, once the tail has started. */
  get head(): number | undefined {
    return this.ready ? this.current : undefined;
  }

  /** A reader begins to use the tail: it starts reading if it was not. */
  join(): void {
    this.users++;
    this.run();
  }

  /** A reader is done with it: the last one out stops the reading. */
  leave(): void {
    this.users = Math.max(0, this.users - 1);
    if (this.users === 0) this.wakeUp.wake();
  }

  /**
   * Up to `limit` events after `position`: empty at the head (or past it), undefined when the
   * tail does not hold what follows `position` (not started yet, or `position` is older than
   * the events kept): read those from the store.
   */
  after(position: number, limit: number): RecordedEvent[] | undefined {
    if (!this.ready || position < this.base) return undefined;
    if (position >= this.current) return [];
    let low = 0;
    let high = this.kept.length;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if (this.kept[mid]!.position <= position) low = mid + 1;
      else high = mid;
    }
    return this.kept.slice(low, low + limit);
  }

  /**
   * Waits until the tail has read past `position` (true), `timeoutMs` passed (false; none:
   * no limit) or `cancel()` was called (false). Rejects if reading the log fails meanwhile.
   */
  wait(position: number, timeoutMs?: number): TailWait {
    let waiter: TailWaiter | undefined;
    let timer: NodeJS.Timeout | undefined;
    const settle = () => {
      clearTimeout(timer);
      if (waiter) this.waiting.delete(waiter);
    };
    const moved = new Promise<boolean>((resolve, reject) => {
      waiter = {
        after: position,
        resolve: (value) => {
          settle();
          resolve(value);
        },
        reject: (error) => {
          settle();
          reject(error);
        },
      };
    });
    if (this.ready && this.current > position) waiter!.resolve(true);
    else if (this.stopped) waiter!.resolve(false);
    else {
      this.waiting.add(waiter!);
      if (timeoutMs !== undefined) timer = setTimeout(() => waiter!.resolve(false), timeoutMs);
      this.run();
    }
    return { moved, cancel: () => waiter!.resolve(false) };
  }

  /** Stops reading for good (the application stops); waits for a read under way. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.wakeUp.wake();
    await this.loop;
    for (const w of this.waiting) w.resolve(false);
  }

  private run(): void {
    if (this.loop || this.stopped || (this.users === 0 && this.waiting.size === 0)) return;
    this.loop = this.read().finally(() => {
      this.loop = undefined;
      this.ready = false;
      this.kept = [];
      // A wait that came while the loop was winding down still needs a reader.
      if (this.waiting.size > 0) this.run();
    });
  }

  private async read(): Promise<void> {
    this.feed.open();
    try {
      this.current = await this.feed.head();
      this.base = this.current;
      this.ready = true;
      this.notify();
      while (!this.stopped && (this.users > 0 || this.waiting.size > 0)) {
        const batch = await this.feed.read(this.current);
        if (batch.length > 0) this.keep(batch);
        if (this.feed.reachedEnd(batch) && !this.stopped) await this.feed.idle();
      }
    } catch (error) {
      // The readers waiting here end with the error (a watcher's consumer resumes from its last
      // position); the next wait starts reading again.
      const failure = error instanceof Error ? error : new Error(String(error));
      for (const w of this.waiting) w.reject(failure);
    } finally {
      this.feed.close();
    }
  }

  private keep(batch: readonly RecordedEvent[]): void {
    for (const e of batch) this.kept.push(e);
    this.current = batch[batch.length - 1]!.position;
    // Trimmed down to `capacity` once it holds twice as many: one copy per `capacity` events.
    if (this.kept.length > 2 * this.capacity) {
      const dropped = this.kept.length - this.capacity;
      this.base = this.kept[dropped - 1]!.position;
      this.kept = this.kept.slice(dropped);
    }
    this.notify();
  }

  private notify(): void {
    for (const w of this.waiting) if (this.current > w.after) w.resolve(true);
  }
}
