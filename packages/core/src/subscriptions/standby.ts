import type { HandlerLease } from '../contracts/store-records';
import type { Waiters } from './waiters';
import type { WakeUp } from './wake-up';

/** Waiters for a standby handler poll the shared checkpoint this often. */
const STANDBY_WAIT_POLL_MS = 25;

/** Where a standby handler follows the holder's checkpoint. */
export interface CheckpointSource {
  loadCheckpoint(name: string): Promise<number | undefined>;
}

/** The process's leases (`ProcessLeases`): undefined while another process holds the lease. */
export interface LeaseSource {
  acquire(handler: string, partition?: number): Promise<HandlerLease | undefined>;
}

/**
 * Taking a handler's lease, tried at most every `retryMs`. While another process holds it,
 * the handler waits on standby, its position following the holder's checkpoint so that
 * strong-consistency waits in this process are served (polled faster while someone waits).
 */
export class Standby {
  private lastTry = 0;

  constructor(
    private readonly store: CheckpointSource,
    private readonly leases: LeaseSource,
    private readonly name: string,
    private readonly retryMs: number,
    private readonly waiters: Waiters,
    private readonly wakeUp: WakeUp,
  ) {}

  /** The next `acquire` tries the lease at once (after an outage). */
  tryNow(): void {
    this.lastTry = 0;
  }

  /** The lease, once taken, or undefined if `stopping()` turned true first; `waiting()` is called at each round of standby. */
  async acquire(stopping: () => boolean, waiting: () => void): Promise<HandlerLease | undefined> {
    while (!stopping()) {
      if (Date.now() - this.lastTry >= this.retryMs) {
        this.lastTry = Date.now();
        const lease = await this.leases.acquire(this.name, 0);
        if (lease) return lease;
      }
      waiting();
      const checkpoint = await this.store.loadCheckpoint(this.name);
      if (checkpoint !== undefined && checkpoint > this.waiters.position) this.waiters.advance(checkpoint);
      await this.wakeUp.sleep(this.waiters.size > 0 ? STANDBY_WAIT_POLL_MS : this.retryMs);
    }
    return undefined;
  }
}
