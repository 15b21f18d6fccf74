import type { Pool } from 'pg';
import { Edict, Event } from '@edict/core';
import { createSseHandler } from '@edict/http';
import { PostgresEventStore } from '@edict/postgres';
import { quietLogger } from '@edict/test-support';
import {
  describePostgres,
  dropSchema,
  testPool,
  uniqueSchema,
  runOutOfOrderWriters,
} from '@edict/test-support/postgres';
import { serve } from '../support/servers';
import { SseClient } from '../support/sse-client';

@Event('sse.Appended')
class Appended {
  constructor(
    readonly writer: number,
    readonly i: number,
  ) {}
}

const WRITERS = 6;
const APPENDS_PER_WRITER = 30;
const TOTAL = WRITERS * APPENDS_PER_WRITER;

/**
 * Guarantee 13 over the wire: a client that reconnects with the last id it received (what a
 * browser's EventSource does) gets every event once, in order, while transactions commit out
 * of position order and while the server restarts between its connections.
 */
describePostgres('SSE resume on PostgreSQL', () => {
  let pool: Pool;
  const schema = uniqueSchema('sse');

  beforeAll(async () => {
    pool = testPool(WRITERS + 6);
    await new PostgresEventStore({ pool, schema }).migrate();
  });
  afterAll(async () => {
    await dropSchema(pool, schema);
    await pool.end();
  });

  /** A server process: an application and its SSE endpoint. */
  async function startServer() {
    const edict = await Edict.create({
      store: new PostgresEventStore({ pool, schema }),
      events: [Appended],
      subscriptions: { batchSize: 16, pollIntervalMs: 200 },
      logger: quietLogger(),
    });
    const events = createSseHandler(edict, { authorize: () => true, logger: quietLogger() });
    const http = await serve((req, res) => events(req, res));
    return {
      url: `${http.url}/events?from=start`,
      stop: async () => {
        events.close();
        await http.close();
        await edict.stop();
      },
    };
  }

  it('reconnected with Last-Event-ID, gives no gap and no repeat, across concurrent commits and restarts', async () => {
    const writing = runOutOfOrderWriters(pool, schema, {
      writers: WRITERS,
      appendsPerWriter: APPENDS_PER_WRITER,
      type: 'sse.Appended',
    });
    const seen: { position: number; writer: number; i: number }[] = [];
    let lastEventId: string | undefined;
    let restarts = 0;
    const deadline = Date.now() + 60_000;
    while (seen.length < TOTAL && Date.now() < deadline) {
      const server = await startServer();
      for (let connection = 0; connection < 2 && seen.length < TOTAL; connection++) {
        const client = await SseClient.connect(server.url, lastEventId);
        const wanted = Math.min(TOTAL, seen.length + 1 + Math.floor(Math.random() * 30));
        const target = wanted - seen.length;
        await client
          .until(
            (m) => m.filter((x) => x.event === 'message').length >= target || m.some((x) => x.event === 'live'),
            5_000,
          )
          .catch(() => undefined);
        client.close();
        await client.done;
        for (const e of client.events<{ position: number; data: { writer: number; i: number } }>()) {
          seen.push({ position: e.position, writer: e.data.writer, i: e.data.i });
        }
        lastEventId = client.lastEventId || lastEventId;
      }
      await server.stop();
      restarts++;
    }
    await writing;
    const stored = (
      await pool.query<{ position: string; data: { writer: number; i: number } }>(
        `select position, data from "${schema}".events order by position`,
      )
    ).rows.map((r) => ({ position: Number(r.position), writer: r.data.writer, i: r.data.i }));
    expect(stored).toHaveLength(TOTAL);
    expect(seen).toEqual(stored);
    expect(restarts).toBeGreaterThan(1);
  }, 90_000);
});
