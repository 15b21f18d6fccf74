import type { Pool } from 'pg';
import { Edict } from '@edict/core';
import { PostgresEventStore } from '@edict/postgres';
import { Credit, Ledger } from '@edict/test-support';
import { freshSchema, quiet, sleep, storedEvents, testPool } from './support/db';
import { figureLine } from './support/figure';
import { checkRestartable, ensureServerUp, restartServer } from './support/postgres-server';

const WRITERS = 8;
const LEDGERS = 20;
/** A quick restart, then one that stays down a while. */
const DOWN_MS = [0, 3_000];

/**
 * Guarantee 13 through PostgreSQL restarts: a watcher that ends on the store's error and is
 * started again after the last position its consumer saw gets every committed event once, in
 * order, while writers keep dispatching and the server restarts under both.
 */
describe('watch through server restarts', () => {
  const figure = figureLine('watch-restart');
  let pool: Pool;
  let schema: string;
  let drop: () => Promise<void>;
  let edict: Edict | undefined;

  beforeAll(async () => {
    await checkRestartable();
    pool = testPool();
    ({ schema, drop } = await freshSchema(pool, 'watch'));
  });
  afterAll(async () => {
    await ensureServerUp();
    await edict?.stop().catch(() => undefined);
    await drop?.().catch(() => undefined);
    await pool?.end();
  });

  it('resumed after the last position seen, gives every event once across restarts', async () => {
    const store = new PostgresEventStore({ connectionString: process.env.DATABASE_URL!, schema, logger: quiet });
    edict = await Edict.create({
      store,
      aggregates: [Ledger],
      subscriptions: { pollIntervalMs: 200 },
      logger: quiet,
    });
    const app = edict;
    let writing = true;
    let failedWrites = 0;
    const writers = Array.from({ length: WRITERS }, async (_, w) => {
      for (let i = 0; writing; i++) {
        try {
          await app.dispatch(Credit.of(`l${(w * 7 + i) % LEDGERS}`, 1));
        } catch {
          failedWrites++; // during a restart; whether it was stored, the log says
          await sleep(50);
        }
      }
    });

    const seen: number[] = [];
    let last = 0;
    let resumes = 0;
    const end: { head?: number } = {}; // set once the writers stopped: the position to reach
    const consumer = (async () => {
      for (;;) {
        try {
          for await (const frame of app.watch({ from: last, heartbeatMs: 200 })) {
            if (frame.kind === 'event') {
              seen.push(frame.position);
              last = frame.position;
            } else if (end.head !== undefined && frame.position >= end.head) {
              return;
            }
          }
        } catch {
          resumes++; // the store failed under the watcher: start again after the last position
          await sleep(100);
        }
      }
    })();

    for (const downMs of DOWN_MS) {
      await sleep(1_500);
      await restartServer(downMs);
    }
    await sleep(1_500);
    writing = false;
    await Promise.all(writers);
    end.head = await store.headPosition();
    await consumer;

    const stored = (await storedEvents(pool, schema)).map((e) => e.position);
    figure.set(
      `${stored.length} events stored through ${DOWN_MS.length} restarts (${failedWrites} dispatches failed meanwhile); ` +
        `the watcher was resumed ${resumes} times and saw ${seen.length}, ${new Set(seen).size} distinct`,
    );
    expect(stored.length).toBeGreaterThan(100);
    expect(seen).toEqual(stored); // every event, once, in position order
  });
});
