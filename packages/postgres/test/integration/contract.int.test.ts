import { eventStoreContract } from '@edict/core/testing';
import type { EventStore } from '@edict/core';
import { describePostgres, freshStore, testPool } from '@edict/test-support/postgres';

describePostgres('PostgresEventStore on PostgreSQL', () => {
  const pool = testPool();
  const disposers = new Map<EventStore, () => Promise<void>>();
  afterAll(() => pool.end());

  eventStoreContract('PostgreSQL', {
    create: async () => {
      const { store, dispose } = await freshStore(pool, 'contract');
      disposers.set(store, dispose);
      return store;
    },
    dispose: async (store) => {
      await disposers.get(store)?.();
      disposers.delete(store);
    },
  });
});
