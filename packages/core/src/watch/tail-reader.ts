import type { LogTail } from './log-tail';

export const DONE: IteratorReturnResult<undefined> = { done: true, value: undefined };

/**
 * What a watcher and a live query have in common: an async iterator whose `next()` calls are
 * answered one at a time, in order, by `step()`; `return()` (a `break`) closes it; and a wait
 * on the application's `LogTail` that closing cancels, so a closed reader never hangs.
 */
export abstract class TailReader<T> implements AsyncIterableIterator<T> {
  private queue: Promise<unknown> = Promise.resolve();
  private cancelWait: (() => void) | undefined;

  [Symbol.asyncIterator](): this {
    return this;
  }

  /** The next value. Calls made before the previous one settled are answered in order. */
  next(): Promise<IteratorResult<T, undefined>> {
    const step = this.queue.then(() => this.step());
    this.queue = step.catch(() => undefined);
    return step;
  }

  /** Ends the reader: pending and later `next()` calls answer `done`. */
  return(): Promise<IteratorReturnResult<undefined>> {
    this.close();
    return Promise.resolve(DONE);
  }

  abstract close(): void;

  protected abstract step(): Promise<IteratorResult<T, undefined>>;

  /** Waits for the tail to read past `after`: true when it did, false on timeout or `close`. */
  protected async waitOnTail(tail: LogTail, after: number, timeoutMs?: number): Promise<boolean> {
    const wait = tail.wait(after, timeoutMs);
    this.cancelWait = () => wait.cancel();
    try {
      return await wait.moved;
    } finally {
      this.cancelWait = undefined;
    }
  }

  /** Cancels the wait under way, if any: for `close`. */
  protected cancelTailWait(): void {
    this.cancelWait?.();
  }
}
