import type { Pool } from 'pg';
import { newEvent } from '@edict/core/testing';
import type { PostgresEventStore } from '@edict/postgres';
import { mapPgError } from '@edict/postgres/spi';
import { describePostgres, freshStore, testPool } from '@edict/test-support/postgres';

/** Guarantee 8: the database itself refuses to change or remove stored events. */
describePostgres('append-only event log', () => {
  let pool: Pool;
  let store: PostgresEventStore;
  let schema: string;
  let dispose: () => Promise<void>;

  beforeAll(async () => {
    pool = testPool(2);
    ({ store, schema, dispose } = await freshStore(pool, 'immutable'));
    await store.append({ streamId: 'ledger-1', events: [newEvent(), newEvent()], expectedVersion: 'no-stream' });
  });
  afterAll(async () => {
    await dispose();
    await pool.end();
  });

  it.each([
    ['UPDATE', (S: string) => `update ${S}.events set data = '{}'::jsonb`],
    ['DELETE', (S: string) => `delete from ${S}.events where version = 1`],
    ['TRUNCATE', (S: string) => `truncate ${S}.events`],
  ])('refuses %s of stored events', async (_, sql) => {
    const error = await pool.query(sql(`"${schema}"`)).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'ED403' });
    expect(mapPgError(error, 'test')).toMatchObject({ code: 'EVENT_LOG_IMMUTABLE' });
    expect(await store.streamVersion('ledger-1')).toBe(2);
    expect((await store.readStream('ledger-1', 1, 10)).map((e) => e.data)).toEqual([{ n: 1 }, { n: 1 }]);
  });
});
