import { randomUUID } from 'node:crypto';
import { InMemoryEventStore } from '@edict/core';
import type { LeaseFence, LeaseOwner } from '@edict/core/spi';

/** Another process, as far as the store can tell. */
const THIEF: LeaseOwner = { id: randomUUID(), host: 'elsewhere', pid: 1 };

/**
 * An in-memory store whose handler leases the test can take away, as another process would
 * once the holder was cut off: `lose()` gives the last lease handed out to another owner; the
 * holder learns it at its next renewal (or when a write fenced by it is refused).
 */
export class LosableLeaseStore extends InMemoryEventStore {
  lose: (() => Promise<void>) | undefined;

  override async acquireLease(
    owner: LeaseOwner,
    handler: string,
    partition: number,
    periodMs: number,
  ): Promise<LeaseFence | undefined> {
    const fence = await super.acquireLease(owner, handler, partition, periodMs);
    if (!fence) return undefined;
    this.lose = async () => {
      await super.releaseLease(fence);
      await super.acquireLease(THIEF, handler, partition, 60_000); // someone else has it now
    };
    return fence;
  }
}
