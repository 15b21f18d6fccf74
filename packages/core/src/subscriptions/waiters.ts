interface Waiter {
  readonly position: number;
  readonly resolve: () => void;
  readonly reject: (error: Error) => void;
}

/**
 * A handler's position (the last event it got past) and those waiting for it to reach theirs:
 * strong-consistency dispatches. On standby, the position follows the holder's checkpoint.
 */
export class Waiters {
  private current = 0;
  private readonly waiting = new Set<Waiter>();
  private closedBy: Error | undefined;

  get position(): number {
    return this.current;
  }

  /** How many are waiting. */
  get size(): number {
    return this.waiting.size;
  }

  /** The handler got past `position`: resolves those waiting for it. Called for each event, so cheap when none wait. */
  advance(position: number): void {
    this.current = position;
    if (this.waiting.size === 0) return;
    for (const w of this.waiting) {
      if (w.position <= position) {
        this.waiting.delete(w);
        w.resolve();
      }
    }
  }

  /** Moves the position back without resolving anyone (a rebuild starts again from 0). */
  rewind(position: number): void {
    this.current = position;
  }

  /**
   * Resolves once the position reaches `position`; rejects with `timeout()` after `timeoutMs`,
   * or at once with the error the waiters were closed by.
   */
  wait(position: number, timeoutMs: number, timeout: () => Error): Promise<void> {
    if (this.current >= position) return Promise.resolve();
    if (this.closedBy) return Promise.reject(this.closedBy);
    return new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiting.delete(waiter);
        reject(timeout());
      }, timeoutMs);
      const waiter: Waiter = {
        position,
        resolve: () => {
          clearTimeout(timer);
          resolve();
        },
        reject: (error) => {
          clearTimeout(timer);
          reject(error);
        },
      };
      this.waiting.add(waiter);
    });
  }

  /** Rejects everyone waiting, and every later wait, with `error` (the handler failed or stopped). */
  close(error: Error): void {
    this.closedBy = error;
    for (const w of this.waiting) w.reject(error);
    this.waiting.clear();
  }
}
