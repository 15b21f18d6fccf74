import type { Pool } from 'pg';
import { newEvent } from '@edict/core/testing';
import type { PostgresEventStore } from '@edict/postgres';
import { describePostgres, freshStore, testPool } from '@edict/test-support/postgres';

const events = (n: number) => Array.from({ length: n }, () => newEvent());

/**
 * Guarantee 8's one exception: events leave the log only through truncate_stream, which records
 * the truncation first. Plain SQL, even on a stream truncated before, is refused as ever.
 */
describePostgres('truncation is the only way events leave the log', () => {
  let pool: Pool;
  let store: PostgresEventStore;
  let S: string;
  let dispose: () => Promise<void>;

  beforeAll(async () => {
    pool = testPool(2);
    let schema: string;
    ({ store, schema, dispose } = await freshStore(pool, 'truncguard'));
    S = `"${schema}"`;
    await store.append({ streamId: 'ledger-1', events: events(6), expectedVersion: 'no-stream' });
    await store.saveSnapshot({ streamId: 'ledger-1', version: 4, snapshotVersion: 1, state: { n: 4 } });
    await store.truncateStream({ streamId: 'ledger-1', before: 3, snapshotVersion: 1 });
  });
  afterAll(async () => {
    await dispose();
    await pool.end();
  });

  const kept = async () => (await store.readStream('ledger-1', 1, 10)).map((e) => e.version);

  it.each([
    [
      'a DELETE of events a snapshot covers',
      () => `delete from ${S}.events where stream_id = 'ledger-1' and version < 5`,
    ],
    ['a DELETE of the whole log', () => `delete from ${S}.events`],
    ['an UPDATE', () => `update ${S}.events set data = '{}'::jsonb`],
    ['a TRUNCATE', () => `truncate ${S}.events`],
  ])('refuses %s from plain SQL, after a truncation as before', async (_, sql) => {
    await expect(pool.query(sql())).rejects.toMatchObject({ code: 'ED403' });
    expect(await kept()).toEqual([3, 4, 5, 6]);
  });

  it('refuses a DELETE in the transaction of a truncation record that does not cover every row', async () => {
    const client = await pool.connect();
    try {
      await client.query('begin');
      await client.query(
        `insert into ${S}.truncations (stream_id, before_version, removed, last_position, snapshot_at) values ('ledger-1', 4, 1, 3, 4)`,
      );
      await expect(
        client.query(`delete from ${S}.events where stream_id = 'ledger-1' and version < 5`),
      ).rejects.toMatchObject({
        code: 'ED403',
      });
    } finally {
      await client.query('rollback');
      client.release();
    }
    expect(await kept()).toEqual([3, 4, 5, 6]);
  });

  it.each([
    ['UPDATE', () => `update ${S}.truncations set removed = 0`],
    ['DELETE', () => `delete from ${S}.truncations`],
    ['TRUNCATE', () => `truncate ${S}.truncations`],
  ])('refuses %s of the truncation records', async (_, sql) => {
    await expect(pool.query(sql())).rejects.toMatchObject({ code: 'ED403' });
    expect(await store.readTruncations()).toMatchObject([{ streamId: 'ledger-1', before: 3, removed: 2 }]);
  });

  it('refuses a truncation with a typed error naming the stream, and removes nothing', async () => {
    await expect(store.truncateStream({ streamId: 'ledger-1', before: 6, snapshotVersion: 1 })).rejects.toMatchObject({
      code: 'TRUNCATION_REFUSED',
      streamId: 'ledger-1',
      before: 6,
      reason: 'snapshot-too-old',
      snapshotVersion: 4,
      streamVersion: 6,
    });
    expect(await kept()).toEqual([3, 4, 5, 6]);
  });
});
