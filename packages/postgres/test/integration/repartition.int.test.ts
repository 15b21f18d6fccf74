import type { EventStore } from '@edict/core';
import { repartitionSuite } from '@edict/test-support';
import { describePostgres, freshStore, testPool } from '@edict/test-support/postgres';

describePostgres('repartitioning on PostgreSQL', () => {
  const pool = testPool(6);
  const disposals: (() => Promise<void>)[] = [];
  afterAll(async () => {
    for (const dispose of disposals) await dispose().catch(() => undefined);
    await pool.end();
  });
  repartitionSuite('PostgreSQL', async (): Promise<EventStore> => {
    const { store, dispose } = await freshStore(pool, 'repartition');
    disposals.push(dispose);
    return store;
  });
});
