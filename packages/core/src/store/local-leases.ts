import type { HandlerLease } from '../contracts/store-records';

/**
 * Handler leases held in this process only: for stores that serve a single process (the
 * in-memory store, embedded PGlite). Such a lease is never lost.
 */
export class LocalLeases {
  private readonly held = new Set<string>();

  tryLock(name: string): HandlerLease | undefined {
    if (this.held.has(name)) return undefined;
    this.held.add(name);
    let released = false;
    return {
      lost: new Promise<void>(() => undefined),
      release: () => {
        if (!released) this.held.delete(name);
        released = true;
        return Promise.resolve();
      },
    };
  }
}
