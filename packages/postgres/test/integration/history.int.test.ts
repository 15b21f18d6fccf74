import type { EventStore } from '@edict/core';
import { historySuite } from '@edict/test-support';
import { describePostgres, freshStore, testPool } from '@edict/test-support/postgres';

describePostgres('time travel and truncation on PostgreSQL', () => {
  const pool = testPool(6);
  const disposals: (() => Promise<void>)[] = [];
  afterAll(async () => {
    for (const dispose of disposals) await dispose().catch(() => undefined);
    await pool.end();
  });
  historySuite('PostgreSQL', async (): Promise<EventStore> => {
    const { store, dispose } = await freshStore(pool, 'history');
    disposals.push(dispose);
    return store;
  });
});
