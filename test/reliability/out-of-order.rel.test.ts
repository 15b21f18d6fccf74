import type { Pool } from 'pg';
import { v7 as uuidv7 } from 'uuid';
import { killAll, startChild, type Child } from './support/children';
import { freshSchema, sleep, testPool, until } from './support/db';
import { figureLine } from './support/figure';

const WRITERS = 8;
const TRANSACTIONS = Number(process.env.REL_ORDER_TRANSACTIONS ?? 150);
const ROLLBACK_RATE = 0.1;

/**
 * Guarantee 4 (global order without loss): positions are drawn inside transactions that stay
 * open for random durations and commit (or roll back) in whatever order they finish; a
 * subscriber in another process, reading all the while in small batches, must receive every
 * committed event exactly once, in position order, and never one that was rolled back.
 */
describe('out-of-order commits', () => {
  const figure = figureLine('out-of-order');
  let pool: Pool;
  let schema: string;
  let drop: () => Promise<void>;
  let subscriber: Child | undefined;

  beforeAll(async () => {
    pool = testPool(WRITERS + 2);
    ({ schema, drop } = await freshSchema(pool, 'order'));
    await pool.query(
      `create table "${schema}".received (id bigint generated always as identity primary key, position bigint not null, event_id uuid not null)`,
    );
  });
  afterAll(async () => {
    await subscriber?.stop();
    await killAll();
    await drop?.();
    await pool?.end();
  });

  /** One transaction: waits, appends 1–3 events, keeps its position open a while, then commits or rolls back. */
  async function transaction(writer: number, i: number): Promise<{ committed: number; rolledBack: number }> {
    const client = await pool.connect();
    const count = 1 + Math.floor(Math.random() * 3);
    const rollback = Math.random() < ROLLBACK_RATE;
    try {
      await client.query('begin');
      await client.query('select pg_sleep($1)', [Math.random() * 0.004]);
      const commandId = uuidv7();
      const events = Array.from({ length: count }, (_, k) => ({
        id: uuidv7(),
        type: 'rel.Written',
        v: 1,
        data: { writer, i, k },
        metadata: { commandId, correlationId: commandId, causationId: commandId },
      }));
      await client.query(`select * from "${schema}".append_events($1, -1, null, $2::jsonb)`, [
        `w-${writer}`,
        JSON.stringify(events),
      ]);
      await client.query('select pg_sleep($1)', [Math.random() * 0.012]);
      await client.query(rollback ? 'rollback' : 'commit');
      return rollback ? { committed: 0, rolledBack: count } : { committed: count, rolledBack: 0 };
    } finally {
      client.release();
    }
  }

  it('delivers every committed event exactly once, in position order, to a subscriber in another process', async () => {
    subscriber = startChild('subscriber-process.cjs', 'subscriber', { EDICT_SCHEMA: schema });
    await subscriber.next('live', 30_000);
    const started = Date.now();
    let committed = 0;
    let rolledBack = 0;
    let transactions = 0;
    await Promise.all(
      Array.from({ length: WRITERS }, async (_, w) => {
        for (let i = 0; i < TRANSACTIONS; i++) {
          const outcome = await transaction(w, i);
          committed += outcome.committed;
          rolledBack += outcome.rolledBack;
          transactions++;
          if (Math.random() < 0.05) await sleep(Math.random() * 20);
        }
      }),
    );
    const { rows: stored } = await pool.query<{ position: string; event_id: string }>(
      `select position, event_id from "${schema}".events order by position`,
    );
    const positions = stored.map((r) => Number(r.position));
    const received = async () =>
      (
        await pool.query<{ position: string; event_id: string }>(
          `select position, event_id from "${schema}".received order by id`,
        )
      ).rows;
    await until(
      async () => `the subscriber received ${(await received()).length} of ${positions.length} events`,
      async () => (await received()).length >= positions.length,
      30_000,
    );
    await sleep(500); // anything delivered twice would arrive now
    const got = await received();
    const seconds = (Date.now() - started) / 1000;
    const gotPositions = got.map((r) => Number(r.position));
    const storedIds = new Map(stored.map((r) => [Number(r.position), r.event_id]));
    const duplicates = gotPositions.length - new Set(gotPositions).size;
    const missing = positions.filter((p) => !gotPositions.includes(p)).length;
    const outOfOrder = gotPositions.filter((p, i) => i > 0 && p <= gotPositions[i - 1]!).length;
    const phantom = got.filter((r) => storedIds.get(Number(r.position)) !== r.event_id).length;
    figure.set(
      `${WRITERS} writers, ${transactions} transactions held open 0–16 ms (${Math.round(ROLLBACK_RATE * 100)}% rolled back), ` +
        `${committed} events committed, ${rolledBack} rolled back, in ${seconds.toFixed(1)} s; the subscriber in another process received ` +
        `${got.length}: ${missing} missing, ${duplicates} twice, ${outOfOrder} out of order, ${phantom} not in the log`,
    );

    expect(positions).toHaveLength(committed);
    expect(positions).toEqual(Array.from({ length: committed }, (_, i) => i + 1)); // no hole left by a rollback
    expect({ missing, duplicates, outOfOrder, phantom }).toEqual({
      missing: 0,
      duplicates: 0,
      outOfOrder: 0,
      phantom: 0,
    });
    expect(gotPositions).toEqual(positions);
  });
});
