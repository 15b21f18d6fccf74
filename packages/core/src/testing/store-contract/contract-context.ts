import type * as JestGlobals from '@jest/globals';
import type { EventStore } from '../../contracts/event-store';
import type { AppendRequest, AppendResult, NewEvent } from '../../contracts/store-records';

/**
 * What each part of the contract suite is given: Jest's functions, the store under test,
 * helpers. Internal: its types are Jest's, which the published entry points must not name.
 */
export interface ContractContext {
  readonly it: typeof JestGlobals.it;
  readonly expect: typeof JestGlobals.expect;
  /** The store of the running test (a fresh, empty one per test). */
  store(): EventStore;
  append(
    streamId: string,
    events: NewEvent[],
    expectedVersion: AppendRequest['expectedVersion'],
    commandId?: string,
  ): Promise<AppendResult>;
  /** What `promise` rejected with; fails the test if it resolved. */
  rejection(promise: Promise<unknown>): Promise<Record<string, unknown>>;
}

/** The context of one suite, over Jest's globals (read when the suite is declared) and its current store. */
export function contractContext(jest: typeof JestGlobals, store: () => EventStore): ContractContext {
  return {
    it: jest.it,
    expect: jest.expect,
    store,
    append: (streamId, events, expectedVersion, commandId) =>
      store().append({ streamId, events, expectedVersion, ...(commandId ? { commandId } : {}) }),
    rejection: async (promise) => {
      try {
        await promise;
      } catch (error) {
        return error as Record<string, unknown>;
      }
      throw new Error('expected a rejection');
    },
  };
}
