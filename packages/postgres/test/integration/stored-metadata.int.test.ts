import type { Pool } from 'pg';
import { Edict, EventHandler, On, type EventContext, type RecordedEvent } from '@edict/core';
import { PostgresEventStore } from '@edict/postgres';
import { Credit, Credited, Ledger, quietLogger } from '@edict/test-support';
import { describePostgres, freshStore, testPool } from '@edict/test-support/postgres';

@EventHandler('meta.contexts', { startFrom: 'origin' })
class Contexts {
  readonly seen: EventContext[] = [];
  @On(Credited) on(_e: Credited, ctx: EventContext) {
    this.seen.push(ctx);
  }
}

/** What jsonb gives back for `metadata` stored whole: the form every read presented before. */
async function asStoredInFull(pool: Pool, metadata: object): Promise<Record<string, unknown>> {
  const { rows } = await pool.query<{ m: Record<string, unknown> }>('select $1::jsonb as m', [
    JSON.stringify(metadata),
  ]);
  return rows[0]!.m;
}

/** Deep equality and the same key order (what `JSON.stringify` prints, as the CLI and SSE do). */
function expectSame(actual: unknown, expected: unknown) {
  expect(actual).toEqual(expected);
  expect(JSON.stringify(actual)).toBe(JSON.stringify(expected));
}

describePostgres('event metadata stored compactly on PostgreSQL', () => {
  let pool: Pool;
  let schema: string;
  let store: PostgresEventStore;
  let dispose: () => Promise<void>;
  const apps: Edict[] = [];

  beforeEach(async () => {
    pool = testPool(4);
    ({ store, schema, dispose } = await freshStore(pool, 'meta'));
  });
  afterEach(async () => {
    await Promise.all(apps.splice(0).map((a) => a.stop()));
    await dispose();
    await pool.end();
  });

  async function app(handlers: object[], groupCommit: boolean): Promise<Edict> {
    const edict = await Edict.create({
      store: new PostgresEventStore({ pool, schema, groupCommit }),
      aggregates: [Ledger],
      handlers,
      logger: quietLogger(),
      subscriptions: { pollIntervalMs: 20 },
      closeStore: false,
      telemetry: false,
    });
    apps.push(edict);
    return edict;
  }

  const storedRows = async () =>
    (await pool.query<{ metadata: object }>(`select metadata from "${schema}".events order by position`)).rows.map(
      (r) => r.metadata,
    );

  it.each([
    ['with group commit', true],
    ['one append per transaction', false],
  ])(
    'stores the command id once when correlation and causation are the command id, and every read gives all three back (%s)',
    async (_, groupCommit) => {
      const contexts = new Contexts();
      const edict = await app([contexts], groupCommit);
      const plain = await edict.dispatch(Credit.of('m1', 1), { commandId: 'cmd-1', consistency: 'strong' });
      const correlated = await edict.dispatch(Credit.of('m1', 2), {
        correlationId: 'flow-7',
        metadata: { user: 'ada' },
        consistency: 'strong',
      });
      const caused = await edict.dispatch(Credit.of('m1', 3), { correlationId: 'flow-7', causationId: 'evt-9' });
      const [c1, c2, c3] = [plain, correlated, caused].map((r) => r.events[0]!.metadata.commandId);

      expect(await storedRows()).toEqual([
        { commandId: c1 },
        { commandId: c2, correlationId: 'flow-7', user: { user: 'ada' } },
        { commandId: c3, correlationId: 'flow-7', causationId: 'evt-9' },
      ]);

      const full = [
        await asStoredInFull(pool, { commandId: c1, correlationId: c1, causationId: c1 }),
        await asStoredInFull(pool, { commandId: c2, correlationId: 'flow-7', causationId: c2, user: { user: 'ada' } }),
        await asStoredInFull(pool, { commandId: c3, correlationId: 'flow-7', causationId: 'evt-9' }),
      ];
      const metadataOf = (events: readonly RecordedEvent[]) => events.map((e) => e.metadata);
      expectSame(metadataOf(await store.readAll(0, 10)), full);
      expectSame(metadataOf(await store.readStream('ledger-m1', 1, 10)), full);
      expectSame(metadataOf((await store.findCommand('cmd-1'))!.events), full.slice(0, 1));
      const again = await edict.dispatch(Credit.of('m1', 1), { commandId: 'cmd-1' });
      expectSame(metadataOf(again.events), full.slice(0, 1));

      expect(contexts.seen.map((c) => [c.commandId, c.correlationId, c.causationId])).toEqual([
        [c1, c1, c1],
        [c2, 'flow-7', c2],
        [c3, 'flow-7', 'evt-9'],
      ]);
      expect(contexts.seen[1]!.metadata).toEqual({ user: 'ada' });

      const watched: unknown[] = [];
      for await (const frame of edict.watch({ from: 'start' })) {
        if (frame.kind === 'event') watched.push(frame.recorded.metadata);
        if (frame.kind === 'live') break;
      }
      expectSame(watched, full);
    },
  );

  it('reads rows stored in the full form, before the compact one, exactly as they were', async () => {
    const old = [
      { commandId: 'o1', correlationId: 'o1', causationId: 'o1' },
      { commandId: 'o2', correlationId: 'o2', causationId: 'o2', user: { tenant: 't' } },
      {
        commandId: 'o3',
        correlationId: 'o3',
        causationId: 'o3',
        traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01',
      },
      { commandId: 'o4', correlationId: 'flow-1', causationId: 'evt-1' },
    ];
    for (const [i, metadata] of old.entries()) {
      await pool.query(
        `insert into "${schema}".events (position, stream_id, version, event_id, type, schema_version, data, metadata, created_at)
         values ($1, 'ledger-old', $1, gen_random_uuid(), 'test.Credited', 1, $2::jsonb, $3::jsonb, now())`,
        [i + 1, JSON.stringify({ ledgerId: 'old', amount: i + 1 }), JSON.stringify(metadata)],
      );
    }
    const stored = await storedRows();
    expectSame(
      (await store.readAll(0, 10)).map((e) => e.metadata),
      stored,
    );
    expectSame(
      (await store.readStream('ledger-old', 1, 10)).map((e) => e.metadata),
      stored,
    );
  });
});
