import type { HandlerLease } from '../contracts/store-records';
import type { PartitionShare } from './partition-share';
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

/** The lease a standby takes: the handler's (partition 0), or a partition's, within the process's share. */
export interface LeaseKey {
  readonly handler: string;
  readonly partition: number;
  readonly share?: PartitionShare;
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
    private readonly key: LeaseKey = { handler: name, partition: 0 },
  ) {}

  /** Whether the process holds this partition beyond its share: then it is given up after the batch in hand. */
  surplus(): Promise<boolean> {
    return this.key.share?.surplus(this.key.partition) ?? Promise.resolve(false);
  }

  /** The next `acquire` tries the lease at once (after an outage). */
  tryNow(): void {
    this.lastTry = 0;
  }

  /** The lease, once taken, or undefined if `stopping()` turned true first; `waiting()` is called at each round of standby. */
  async acquire(stopping: () => boolean, waiting: () => void): Promise<HandlerLease | undefined> {
    const { handler, partition, share } = this.key;
    share?.released(partition); // back here: no longer held
    while (!stopping()) {
      if (Date.now() - this.lastTry >= this.retryMs) {
        this.lastTry = Date.now();
        if (!share || (await share.mayTake(partition))) {
          let lease: HandlerLease | undefined;
          try {
            lease = await this.leases.acquire(handler, partition);
          } finally {
            if (!lease) share?.released(partition);
          }
          if (lease) return lease;
        }
      }
      waiting();
      const checkpoint = await this.store.loadCheckpoint(this.name);
      if (checkpoint !== undefined && checkpoint > this.waiters.position) this.waiters.advance(checkpoint);
      await this.wakeUp.sleep(this.waiters.size > 0 ? STANDBY_WAIT_POLL_MS : this.retryMs);
    }
    return undefined;
  }
}
