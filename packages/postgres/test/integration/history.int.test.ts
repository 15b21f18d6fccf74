import type { EventStore } from '@edict/core';
import { historySuite, repartitionSuite } from '@edict/test-support';
import { describePostgres, freshStore, testPool } from '@edict/test-support/postgres';

describePostgres('time travel, truncation and repartitioning on PostgreSQL', () => {
  const pool = testPool(6);
  const disposals: (() => Promise<void>)[] = [];
  afterAll(async () => {
    for (const dispose of disposals) await dispose().catch(() => undefined);
    await pool.end();
  });
  const create = async (): Promise<EventStore> => {
    const { store, dispose } = await freshStore(pool, 'history');
    disposals.push(dispose);
    return store;
  };
  historySuite('PostgreSQL', create);
  repartitionSuite('PostgreSQL', create);
});
