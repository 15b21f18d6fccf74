import type { RecordedEvent } from '../contracts/store-records';
import type { EventDecoder } from '../subscriptions/event-decoder';
import { Feed, type EventLog } from '../subscriptions/feed';
import { WakeUp } from '../subscriptions/wake-up';
import type { LogTail } from './log-tail';
import { DONE, TailReader } from './tail-reader';
import type { WatchFrame } from './watch-frame';
import type { WatchPlan } from './watch-options';

/** What a watcher reads from: the store (catching up) and the application's tail (live). */
export interface WatchSource {
  readonly log: EventLog;
  readonly tail: LogTail;
  readonly decoder: EventDecoder;
  readonly batchSize: number;
}

/**
 * One `edict.watch`: an async iterator of frames that reads as it is consumed. Behind the end
 * of the log it reads the store in batches, the next one read ahead (a `Feed`); at the end it
 * waits on the application's `LogTail` with every other live reader. It holds one batch at a
 * time, so a slow consumer costs a batch of memory, not the log. `return()` (a `break`), or the
 * application stopping, ends it and lets go of what it held.
 */
export class Watcher extends TailReader<WatchFrame> {
  private readonly feed: Feed;
  private readonly start: Promise<number>;
  private position = -1;
  private batch: readonly RecordedEvent[] = [];
  private index = 0;
  private atEnd = false;
  private live = false;
  private joined = false;
  private closed = false;
  private lastFrameAt = Date.now();

  constructor(
    private readonly source: WatchSource,
    private readonly plan: WatchPlan,
    private readonly onClose: (watcher: Watcher) => void,
  ) {
    super();
    // Catch-up reads only: live events come through the tail, so the feed needs no wake-ups.
    this.feed = new Feed(source.log, new WakeUp(), source.batchSize, 0);
    const from = plan.from;
    // 'end' is the end as it is now, when watch() is called, not when the first frame is asked for.
    this.start = from === 'end' ? source.log.headPosition() : Promise.resolve(from === 'start' ? 0 : from);
    this.start.catch(() => undefined); // awaited by the first next()
  }

  /** Ends the watch and lets go of the tail and the batch held. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.cancelTailWait();
    this.feed.drop();
    this.batch = [];
    if (this.joined) this.source.tail.leave();
    this.onClose(this);
  }

  protected async step(): Promise<IteratorResult<WatchFrame, undefined>> {
    try {
      if (this.closed) return DONE;
      if (this.position < 0) this.position = await this.start;
      for (;;) {
        if (this.closed) return DONE;
        while (this.index < this.batch.length) {
          const recorded = this.batch[this.index++]!;
          this.position = recorded.position;
          if (!this.plan.matches || this.plan.matches(recorded)) return this.frame(this.eventFrame(recorded));
        }
        if (!this.atEnd && this.heartbeatDue()) return this.frame({ kind: 'heartbeat', position: this.position });
        if (this.atEnd) {
          if (!this.live) {
            this.live = true;
            return this.frame({ kind: 'live', position: this.position });
          }
          if (!(await this.waitForMore())) {
            if (this.closed) return DONE;
            return this.frame({ kind: 'heartbeat', position: this.position });
          }
        }
        await this.read();
      }
    } catch (error) {
      if (this.closed) return DONE; // the store closed under a read that no one waits for any more
      this.close();
      throw error;
    }
  }

  /** The next batch after the position: from the tail when it holds it, else from the store. */
  private async read(): Promise<void> {
    const tail = this.source.tail;
    const kept = this.joined ? tail.after(this.position, this.source.batchSize) : undefined;
    if (kept) {
      this.feed.drop();
      this.batch = kept;
      this.atEnd = (kept.length > 0 ? kept[kept.length - 1]!.position : this.position) >= tail.head!;
    } else {
      this.batch = await this.feed.read(this.position);
      this.atEnd = this.feed.reachedEnd(this.batch);
      if (this.atEnd && !this.joined && !this.closed) {
        this.joined = true;
        tail.join();
      }
    }
    this.index = 0;
  }

  /** At the end of the log: waits for the tail to read further (true), or for a heartbeat (false). */
  private async waitForMore(): Promise<boolean> {
    const every = this.plan.heartbeatMs;
    const left = every === undefined ? undefined : this.lastFrameAt + every - Date.now();
    if (left !== undefined && left <= 0) return false;
    return this.waitOnTail(this.source.tail, this.position, left);
  }

  /** A long replay that sends nothing (a filter that matches little) still sends heartbeats. */
  private heartbeatDue(): boolean {
    const every = this.plan.heartbeatMs;
    return every !== undefined && Date.now() - this.lastFrameAt >= every;
  }

  private eventFrame(recorded: RecordedEvent): WatchFrame {
    const event = this.plan.raw ? recorded.data : this.source.decoder.event(recorded);
    const { handlerName: _, ...context } = this.source.decoder.context(recorded);
    return { kind: 'event', position: recorded.position, event, context, recorded };
  }

  private frame(frame: WatchFrame): IteratorYieldResult<WatchFrame> {
    this.lastFrameAt = Date.now();
    return { done: false, value: frame };
  }
}
