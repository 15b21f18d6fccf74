import type * as JestGlobals from '@jest/globals';
import type { EventStore } from '../contracts/event-store';
import { appendContract } from './store-contract/append-contract';
import { argumentContract } from './store-contract/argument-contract';
import { checkpointContract } from './store-contract/checkpoint-contract';
import { commandContract } from './store-contract/command-contract';
import { contractContext } from './store-contract/contract-context';
import { deadLetterContract } from './store-contract/dead-letter-contract';
import { leaseContract } from './store-contract/lease-contract';
import { readContract } from './store-contract/read-contract';
import { partitionContract } from './store-contract/partition-contract';
import { stateContract } from './store-contract/state-contract';
import { subjectKeyContract } from './store-contract/subject-key-contract';
import { truncationContract } from './store-contract/truncation-contract';

/** How the contract suite obtains a fresh, empty store for each test, and disposes of it. */
export interface StoreFactory {
  create(): Promise<EventStore>;
  /** Called after each test with the store `create` returned. Default: `store.close()`. */
  dispose?(store: EventStore): Promise<void>;
}

/**
 * The `EventStore` contract as a Jest suite. Every store runs it: the in-memory store,
 * PostgreSQL and PGlite.
 *
 * @example
 * eventStoreContract('InMemoryEventStore', { create: async () => new InMemoryEventStore() });
 */
export function eventStoreContract(name: string, factory: StoreFactory): void {
  // Jest's globals, read when the suite is declared: importing this module outside Jest is fine.
  const jest = globalThis as unknown as typeof JestGlobals;
  const { afterEach, beforeEach, describe } = jest;
  describe(`EventStore contract: ${name}`, () => {
    let store: EventStore;
    beforeEach(async () => {
      store = await factory.create();
    });
    afterEach(async () => {
      await (factory.dispose ? factory.dispose(store) : store.close());
    });
    const t = contractContext(jest, () => store);
    describe('append', () => appendContract(t));
    describe('reading', () => readContract(t));
    describe('reading a partition', () => partitionContract(t));
    describe('commands', () => commandContract(t));
    describe('checkpoints, snapshots, dead letters and process state', () => stateContract(t));
    describe('handler leases', () => leaseContract(t));
    describe("a handler's checkpoints: listed, replaced under fences", () => checkpointContract(t));
    describe('dead letters: retry and purge', () => deadLetterContract(t));
    describe('arguments', () => argumentContract(t));
    describe('subject keys (personal data)', () => subjectKeyContract(t));
    describe('truncation behind a snapshot', () => truncationContract(t));
  });
}
