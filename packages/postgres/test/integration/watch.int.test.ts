import type { Pool } from 'pg';
import { Edict, Event, type EventFrame } from '@edict/core';
import { PostgresEventStore } from '@edict/postgres';
import { quietLogger } from '@edict/test-support';
import {
  describePostgres,
  dropSchema,
  testPool,
  uniqueSchema,
  runOutOfOrderWriters,
} from '@edict/test-support/postgres';

@Event('watch.Appended')
class Appended {
  constructor(
    readonly writer: number,
    readonly i: number,
  ) {}
}

const WRITERS = 8;
const APPENDS_PER_WRITER = 40;
const TOTAL = WRITERS * APPENDS_PER_WRITER;

/**
 * Guarantee 13: a watcher resumed after the last position it saw gets every event once, in
 * order, while transactions commit out of the order of their positions and while the
 * application restarts under it.
 */
describePostgres('watch on PostgreSQL', () => {
  let pool: Pool;
  const schema = uniqueSchema('watch');

  beforeAll(async () => {
    pool = testPool(WRITERS + 6);
    await new PostgresEventStore({ pool, schema }).migrate();
  });
  afterAll(async () => {
    await dropSchema(pool, schema);
    await pool.end();
  });

  /** An application on the schema, as a process of a server would start it. */
  const start = () =>
    Edict.create({
      store: new PostgresEventStore({ pool, schema }),
      events: [Appended],
      subscriptions: { batchSize: 16, pollIntervalMs: 200 },
      logger: quietLogger(),
    });

  it('resumed after the last position seen, gives no gap and no repeat, across concurrent commits and restarts', async () => {
    const writing = runOutOfOrderWriters(pool, schema, {
      writers: WRITERS,
      appendsPerWriter: APPENDS_PER_WRITER,
      type: 'watch.Appended',
    });
    const seen: { position: number; writer: number; i: number }[] = [];
    let last: 'start' | number = 'start';
    let restarts = 0;
    const record = (frame: EventFrame) => {
      const event = frame.event as Appended;
      seen.push({ position: frame.position, writer: event.writer, i: event.i });
      last = frame.position;
    };
    const deadline = Date.now() + 60_000;
    while (seen.length < TOTAL && Date.now() < deadline) {
      // One incarnation of the application: a few watchers in turn, each dropped after a few
      // frames as a client that goes away would be; then the application stops (a restart).
      const edict = await start();
      for (let round = 0; round < 3 && seen.length < TOTAL; round++) {
        const wanted = 1 + Math.floor(Math.random() * 40);
        let taken = 0;
        for await (const frame of edict.watch({ from: last })) {
          if (frame.kind !== 'event') {
            if (frame.kind === 'live' && taken === 0) await new Promise((r) => setTimeout(r, 5));
            if (frame.kind === 'live') break;
            continue;
          }
          record(frame);
          if (++taken === wanted) break;
        }
      }
      // The last watcher of this incarnation is cut off by stop(), not by its consumer.
      const cut = edict.watch({ from: last });
      const pending = cut.next();
      await edict.stop();
      const result = await pending;
      if (!result.done && result.value.kind === 'event') record(result.value);
      restarts++;
    }
    await writing;

    const stored = (
      await pool.query<{ position: string; data: { writer: number; i: number } }>(
        `select position, data from "${schema}".events order by position`,
      )
    ).rows.map((r) => ({ position: Number(r.position), writer: r.data.writer, i: r.data.i }));
    expect(stored).toHaveLength(TOTAL);
    expect(seen).toEqual(stored); // every event, once, in position order
    expect(restarts).toBeGreaterThan(1);
  }, 90_000);
});
