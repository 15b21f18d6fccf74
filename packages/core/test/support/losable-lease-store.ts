import { InMemoryEventStore } from '@edict/core';
import type { HandlerLease } from '@edict/core/spi';

/**
 * An in-memory store whose handler leases the test can take away, as a dropped connection
 * would: `lose()` frees the last lease handed out, lets someone else take it, and signals the
 * holder that it was lost.
 */
export class LosableLeaseStore extends InMemoryEventStore {
  lose: (() => Promise<void>) | undefined;

  override async tryLockHandler(name: string): Promise<HandlerLease | undefined> {
    const lease = await super.tryLockHandler(name);
    if (!lease) return undefined;
    let signal!: () => void;
    const lost = new Promise<void>((resolve) => (signal = resolve));
    this.lose = async () => {
      await lease.release();
      await super.tryLockHandler(name); // someone else has it now
      signal();
    };
    return { lost, release: () => lease.release() };
  }
}
