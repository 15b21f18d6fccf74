import { hasErrorCode } from '../errors';
import type { Subscription } from '../subscriptions/subscription';
import type { LogTail } from '../watch/log-tail';
import { DONE, TailReader } from '../watch/tail-reader';

/** A value of a live query and how far the log it reflects: every event up to `position`. */
export interface LiveResult<T> {
  readonly value: T;
  readonly position: number;
}

/** How many kept events are looked at per slice while looking for one the handlers handle. */
const SCAN = 1_000;

/**
 * One `edict.live`: runs the query and yields its result, then waits, on the application's
 * `LogTail`, for an event that one of the named handlers handles; waits until they all have
 * processed everything read so far; runs the query again and yields the result if it changed.
 * Events that arrive meanwhile are taken in the same run, so a busy log costs one query at a
 * time per live query, not one per event.
 */
export class LiveQuery<T> extends TailReader<LiveResult<T>> {
  private readonly types: ReadonlySet<string>;
  private scanned = -1;
  private last: { readonly value: T } | undefined;
  private joined = false;
  private closed = false;
  private readonly closedSignal: Promise<void>;
  private signalClosed!: () => void;

  constructor(
    private readonly query: () => T | Promise<T>,
    private readonly handlers: readonly Subscription[],
    private readonly tail: LogTail,
    private readonly equals: (previous: T, next: T) => boolean,
    private readonly timeoutMs: number,
    private readonly onClose: (query: LiveQuery<T>) => void,
  ) {
    super();
    this.types = new Set(handlers.flatMap((h) => [...h.meta.on.keys()]));
    this.closedSignal = new Promise((resolve) => (this.signalClosed = resolve));
  }

  /** Ends the live query: pending and later `next()` calls answer `done`. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.cancelTailWait();
    this.signalClosed();
    if (this.joined) this.tail.leave();
    this.onClose(this);
  }

  protected async step(): Promise<IteratorResult<LiveResult<T>, undefined>> {
    try {
      if (this.closed) return DONE;
      if (!this.last) {
        this.scanned = this.handlersPosition();
        this.joined = true;
        this.tail.join();
        return (await this.run()) ?? DONE;
      }
      for (;;) {
        const target = await this.nextChange();
        if (target === undefined || !(await this.handlersReach(target))) return DONE;
        const result = await this.run();
        if (this.closed) return DONE;
        if (result) return result;
      }
    } catch (error) {
      if (this.closed) return DONE;
      this.close();
      throw error;
    }
  }

  /**
   * Runs the query; the result when it is the first or differs from the last one. Its position
   * is where the handlers stand as the query starts: a synchronous query (a read model in
   * memory) reflects exactly that; one that awaits may see a little more, never less.
   */
  private async run(): Promise<IteratorYieldResult<LiveResult<T>> | undefined> {
    const position = this.handlersPosition();
    const value = await this.query();
    const changed = !this.last || !this.equals(this.last.value, value);
    this.last = { value };
    return changed ? { done: false, value: { value, position } } : undefined;
  }

  /** Waits until the tail read an event the handlers handle; answers the tail's head then. */
  private async nextChange(): Promise<number | undefined> {
    for (;;) {
      if (this.closed) return undefined;
      const head = this.tail.head;
      if (head !== undefined && head > this.scanned) {
        const relevant = this.handledUpTo(head);
        this.scanned = head;
        if (relevant) return head;
        continue;
      }
      await this.waitOnTail(this.tail, this.scanned);
    }
  }

  /** Whether an event after the last scanned position, up to `head`, is one the handlers handle. */
  private handledUpTo(head: number): boolean {
    let after = this.scanned;
    while (after < head) {
      const events = this.tail.after(after, SCAN);
      if (events === undefined) return true; // no longer kept: it may have changed
      if (events.length === 0) return false;
      if (events.some((e) => this.types.has(e.type))) return true;
      after = events[events.length - 1]!.position;
    }
    return false;
  }

  /** The position every one of the handlers got past. */
  private handlersPosition(): number {
    return Math.min(...this.handlers.map((h) => h.waiters.position));
  }

  /** Waits until every handler processed up to `position`; false when closed meanwhile. */
  private async handlersReach(position: number): Promise<boolean> {
    for (;;) {
      const reached = Promise.all(this.handlers.map((h) => h.waitFor(position, this.timeoutMs)));
      try {
        await Promise.race([reached, this.closedSignal]);
        return !this.closed;
      } catch (error) {
        // A handler slower than the timeout is waited for again; one that failed or stopped ends the query.
        if (!hasErrorCode(error, 'CONSISTENCY_TIMEOUT') || this.closed) throw error;
      }
    }
  }
}
