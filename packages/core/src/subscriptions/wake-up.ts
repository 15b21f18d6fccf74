/**
 * The one sleep of a subscription's loop, which a wake-up cuts short: new events, `stop()`, a
 * lost lease, a strong-consistency waiter or a rebuild request. `generation` counts wake-ups,
 * so that a reader can tell whether one came while it was reading (and read again, not sleep).
 */
export class WakeUp {
  private count = 0;
  private sleeper: (() => void) | undefined;

  get generation(): number {
    return this.count;
  }

  wake(): void {
    this.count++;
    const sleeper = this.sleeper;
    this.sleeper = undefined;
    sleeper?.();
  }

  /** Sleeps until woken or `ms` passed. */
  sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        if (this.sleeper === done) this.sleeper = undefined;
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.sleeper = done;
    });
  }

  /**
   * Sleeps the whole of `ms`, however often woken, unless `cancelled()` turns true, or `over()`
   * (both checked at each wake-up). Resolves true when the time passed or it was over, false
   * when cancelled.
   */
  async hold(ms: number, cancelled: () => boolean, over: () => boolean = () => false): Promise<boolean> {
    const until = Date.now() + ms;
    while (!cancelled() && !over() && Date.now() < until) await this.sleep(until - Date.now());
    return !cancelled();
  }
}
