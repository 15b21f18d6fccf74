import { StoreClosedError } from '@edict/core';

/**
 * The requests a store has under way. Closing refuses new ones (`StoreClosedError`) and waits
 * for those under way to settle, each with its own outcome, before the connections go: none
 * is left hanging on a pool that was ended under it.
 */
export class InFlight {
  private readonly running = new Set<Promise<unknown>>();
  private closing = false;

  run<T>(operation: string, work: () => Promise<T>): Promise<T> {
    if (this.closing) return Promise.reject(new StoreClosedError(operation));
    const request = work();
    this.running.add(request);
    const settled = () => this.running.delete(request);
    request.then(settled, settled);
    return request;
  }

  /** Refuses new requests, then resolves once every request under way has settled. */
  async close(): Promise<void> {
    this.closing = true;
    while (this.running.size > 0) await Promise.allSettled([...this.running]);
  }
}
