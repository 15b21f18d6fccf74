import type { HandlerState } from '../contracts/handler-status';

/**
 * Where a handler may go from each state. `retrying` covers a failed event under a retry
 * decision and a store that failed the handler; `failed` (stopped by the error policy, or by a
 * check before its first checkpoint: the partition count) ends the handler's work in this
 * process, `stopped` (the application stopped) ends everything.
 */
export const TRANSITIONS: Readonly<Record<HandlerState, readonly HandlerState[]>> = {
  starting: ['standby', 'catching-up', 'retrying', 'failed', 'stopped'],
  standby: ['catching-up', 'live', 'retrying', 'failed', 'stopped'],
  'catching-up': ['live', 'retrying', 'standby', 'failed', 'stopped'],
  live: ['catching-up', 'retrying', 'standby', 'failed', 'stopped'],
  retrying: ['catching-up', 'live', 'standby', 'failed', 'stopped'],
  failed: ['stopped'],
  stopped: [],
};

/**
 * A handler's state, moved only along `TRANSITIONS`, and its readiness: `caughtUp` resolves
 * the first time it goes live, or rejects if it fails or stops before that.
 */
export class HandlerStateMachine {
  private current: HandlerState = 'starting';
  private wentLive = false;
  private resolveCaughtUp!: () => void;
  private rejectCaughtUp!: (error: Error) => void;
  readonly caughtUp: Promise<void> = new Promise((resolve, reject) => {
    this.resolveCaughtUp = resolve;
    this.rejectCaughtUp = reject;
  });

  constructor(
    private readonly handlerName: string,
    /** Told of each move (not of staying): the holder records it in its lease row. */
    private readonly moved: (state: HandlerState) => void = () => undefined,
  ) {}

  get state(): HandlerState {
    return this.current;
  }

  /** True once the handler has caught up with the log (and gone live) in this process. */
  get hasCaughtUp(): boolean {
    return this.wentLive;
  }

  /** Running again (after a retry, a standby, a rebuild): live if it caught up before, else catching up. */
  resume(rebuilding: boolean): void {
    this.to(this.wentLive && !rebuilding ? 'live' : 'catching-up');
  }

  /** An event went through: a handler that was retrying runs again. On the hot path, so cheap. */
  recovered(rebuilding: boolean): void {
    if (this.current === 'retrying') this.resume(rebuilding);
  }

  /**
   * Moves to `next` (staying is no move). `reason` rejects `caughtUp` when the handler fails or
   * stops before it caught up. A move the table does not allow is a bug in Edict, and throws.
   */
  to(next: HandlerState, reason?: Error): void {
    if (next === this.current) return;
    if (!TRANSITIONS[this.current].includes(next)) {
      throw new Error(`Handler '${this.handlerName}' cannot go from '${this.current}' to '${next}'`);
    }
    this.current = next;
    this.moved(next);
    if (next === 'live' && !this.wentLive) {
      this.wentLive = true;
      this.resolveCaughtUp();
    } else if ((next === 'failed' || next === 'stopped') && !this.wentLive) {
      this.caughtUp.catch(() => undefined); // nobody may be waiting: not an unhandled rejection
      this.rejectCaughtUp(reason ?? new Error(`Handler '${this.handlerName}' is ${next}`));
    }
  }
}
