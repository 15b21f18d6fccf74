import type { Pool } from 'pg';
import { v7 as uuidv7 } from 'uuid';
import type { PostgresEventStore } from '@edict/postgres';
import { describePostgres, freshStore, testPool } from '@edict/test-support/postgres';

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

  /** One append inside a transaction that stays open for a random time before it commits. */
  async function slowAppend(writer: number, i: number): Promise<void> {
    const client = await pool.connect();
    try {
      await client.query('begin');
      const events = JSON.stringify([
        {
          id: uuidv7(),
          type: 'order.Appended',
          v: 1,
          data: { writer, i },
          metadata: { commandId: 'c', correlationId: 'c', causationId: 'c' },
        },
      ]);
      await client.query(`select * from "${schema}".append_events($1, -1, null, $2::jsonb)`, [`w-${writer}`, events]);
      await client.query('select pg_sleep($1)', [Math.random() * 0.01]);
      await client.query('commit');
    } finally {
      client.release();
    }
  }

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
    await Promise.all(
      Array.from({ length: WRITERS }, async (_, w) => {
        for (let i = 0; i < APPENDS_PER_WRITER; i++) await slowAppend(w, i);
      }),
    );
    done = true;
    await reader;

    const stored = (
      await pool.query<{ position: string }>(`select position from "${schema}".events order by position`)
    ).rows.map((r) => Number(r.position));
    expect(stored).toHaveLength(total);
    expect(seen).toEqual(stored); // every event, once, in position order
  }, 90_000);
});
