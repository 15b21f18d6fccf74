import type { Pool } from 'pg';
import { v7 as uuidv7 } from 'uuid';

/** How many writers append how many events each, and the type their events carry. */
export interface OutOfOrderWriters {
  readonly writers: number;
  readonly appendsPerWriter: number;
  readonly type: string;
}

/**
 * The workload of guarantee 4's tests: `writers` concurrent writers, each appending one event
 * at a time to its own stream (`w-<writer>`, data `{ writer, i }`) in a transaction that stays
 * open for up to 10 ms after it has drawn its position, so that positions commit out of order.
 * The pool needs `writers` connections for them. Resolves when every append has committed.
 */
export async function runOutOfOrderWriters(pool: Pool, schema: string, load: OutOfOrderWriters): Promise<void> {
  const slowAppend = async (writer: number, i: number): Promise<void> => {
    const client = await pool.connect();
    try {
      await client.query('begin');
      const events = JSON.stringify([
        {
          id: uuidv7(),
          type: load.type,
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
  };
  await Promise.all(
    Array.from({ length: load.writers }, async (_, writer) => {
      for (let i = 0; i < load.appendsPerWriter; i++) await slowAppend(writer, i);
    }),
  );
}
