import { EventHandler, On, type EventContext } from '@edict/core';
import { wallClock } from '../support/clock';
import { FundsDeposited } from './funds-deposited';

/** The handler of the latency scenario: notes when each event (by position) reached it. */
@EventHandler('bench.latency-probe', { startFrom: 'now' })
export class LatencyProbe {
  /** Position → wall-clock milliseconds at delivery. */
  readonly seen = new Map<number, number>();
  private waiting: { position: number; resolve: () => void } | undefined;

  @On(FundsDeposited)
  onDeposited(_e: FundsDeposited, ctx: EventContext): void {
    this.seen.set(ctx.position, wallClock());
    if (this.waiting && ctx.position >= this.waiting.position) this.waiting.resolve();
  }

  /** Resolves once the event at `position` (or a later one) was delivered. */
  reached(position: number): Promise<void> {
    if ([...this.seen.keys()].some((p) => p >= position)) return Promise.resolve();
    return new Promise((resolve) => (this.waiting = { position, resolve }));
  }
}
