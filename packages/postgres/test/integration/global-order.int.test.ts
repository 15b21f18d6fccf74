import type { Pool } from 'pg';
import type { PostgresEventStore } from '@edict/postgres';
import { describePostgres, freshStore, runOutOfOrderWriters, testPool } from '@edict/test-support/postgres';

const WRITERS = 8;
const APPENDS_PER_WRITER = 40;

/**
 * Guarantee 4: every subscriber sees every committed event in global position order, never
 * skipping one, even when transactions hold their positions open for a while before commit.
 */
describePostgres('global order', () => {
  let pool: Pool;
  let store: PostgresEventStore;
  let schema: string;
  let dispose: () => Promise<void>;

  beforeAll(async () => {
    pool = testPool(WRITERS + 4);
    ({ store, schema, dispose } = await freshStore(pool, 'order'));
  });
  afterAll(async () => {
    await dispose();
    await pool.end();
  });

  it('never skips an event committed out of position order', async () => {
    const total = WRITERS * APPENDS_PER_WRITER;
    const seen: number[] = [];
    let done = false;
    const reader = (async () => {
      let after = 0;
      const deadline = Date.now() + 60_000;
      while (seen.length < total && Date.now() < deadline) {
        const batch = await store.readAll(after, 50);
        for (const e of batch) {
          seen.push(e.position);
          after = e.position;
        }
        if (batch.length === 0) await new Promise((r) => setTimeout(r, done ? 20 : 1));
      }
    })();
    await runOutOfOrderWriters(pool, schema, {
      writers: WRITERS,
      appendsPerWriter: APPENDS_PER_WRITER,
      type: 'order.Appended',
    });
    done = true;
    await reader;

    const stored = (
      await pool.query<{ position: string }>(`select position from "${schema}".events order by position`)
    ).rows.map((r) => Number(r.position));
    expect(stored).toHaveLength(total);
    expect(seen).toEqual(stored); // every event, once, in position order
  }, 90_000);
});
