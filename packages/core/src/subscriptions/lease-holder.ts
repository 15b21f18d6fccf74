import type { HandlerErrorInfo, HandlerState } from '../contracts/handler-status';
import type { LeaseFence, LeaseState } from '../contracts/lease-records';
import type { HandlerLease } from '../contracts/store-records';
import type { WakeUp } from './wake-up';

const isLeaseState = (state: HandlerState): state is HandlerState & LeaseState =>
  state === 'catching-up' || state === 'live' || state === 'retrying' || state === 'failed';

/**
 * The lease a subscription consumes under (the processor lock): whether it was lost (which
 * wakes the loop, so that it stops delivering at once), released when the loop lets go of it,
 * or kept by a failed handler until the application stops, so that no other process retries
 * the event it stopped on.
 */
export class LeaseHolder {
  private current: HandlerLease | undefined;
  private kept: HandlerLease | undefined;
  private wasLost = false;

  constructor(private readonly wakeUp: WakeUp) {}

  /** The lease held now was lost (taken, or not renewed in time): someone else may hold it already. */
  get lost(): boolean {
    return this.wasLost;
  }

  /** The fence of the lease held now: what the checkpoint and the processor's writes carry. */
  get fence(): LeaseFence | undefined {
    return this.current?.fence;
  }

  /** Records a move of the handler's state in the lease row (only states a holder has). */
  report(state: HandlerState, lastError: HandlerErrorInfo | undefined): void {
    if (!this.current || !isLeaseState(state)) return;
    const error = lastError && { message: lastError.message, position: lastError.position, at: lastError.at };
    void this.current.record(state, error && lastError.code ? { ...error, code: lastError.code } : error);
  }

  hold(lease: HandlerLease): void {
    this.current = lease;
    this.wasLost = false;
    void lease.lost.then(() => {
      if (this.current !== lease) return;
      this.wasLost = true;
      this.wakeUp.wake();
    });
  }

  /** Lets go of the lease held, if any. Never throws: a lease that cannot be released is lost anyway. */
  async release(): Promise<void> {
    const lease = this.current;
    this.current = undefined;
    await lease?.release().catch(() => undefined);
  }

  /** Keeps the lease held past the loop, until `releaseAll`. */
  keep(): void {
    this.kept ??= this.current;
    this.current = undefined;
  }

  async releaseAll(): Promise<void> {
    await this.release();
    const kept = this.kept;
    this.kept = undefined;
    await kept?.release().catch(() => undefined);
  }
}
