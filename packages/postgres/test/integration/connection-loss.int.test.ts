import { IsString, MaxLength } from 'class-validator';
import type { Pool } from 'pg';
import { v7 as uuidv7 } from 'uuid';
import {
  Aggregate,
  AggregateId,
  Applies,
  Command,
  Edict,
  Event,
  EventHandler,
  Executes,
  On,
  hasErrorCode,
  type DispatchResult,
  type EventContext,
  type HandlerStatus,
} from '@edict/core';
import { PostgresEventStore } from '@edict/postgres';
import { DATABASE_URL, describePostgres, dropSchema, testPool, uniqueSchema } from '@edict/test-support/postgres';

@Event('conn.Incremented')
class Incremented {
  constructor(
    readonly counterId: string,
    /** The count the executor saw plus one: equals the stream version iff it decided on true state. */
    readonly seq: number,
  ) {}
}

@Command('conn.Increment')
class Increment {
  @AggregateId() @IsString() @MaxLength(100) counterId!: string;
  static of(counterId: string): Increment {
    return Object.assign(new Increment(), { counterId });
  }
}

@Aggregate('counter')
class Counter {
  count = 0;
  @Executes(Increment)
  increment(cmd: Increment): Incremented {
    return new Incremented(cmd.counterId, this.count + 1);
  }
  @Applies(Incremented)
  onIncremented(e: Incremented): void {
    this.count = e.seq;
  }
}

const AUDIT = 'conn.audit';

/** Remembers the position of every event it is given, redeliveries included. */
@EventHandler(AUDIT, { startFrom: 'origin' })
class Audit {
  readonly seen: number[] = [];
  @On(Incremented) on(_e: Incremented, ctx: EventContext): void {
    this.seen.push(ctx.position);
  }
}

const quiet = { warn: () => undefined, error: () => undefined };
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

async function until(
  what: string | (() => Promise<string>),
  check: () => boolean | Promise<boolean>,
  ms: number,
): Promise<void> {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) {
      throw new Error(`not reached within ${ms} ms: ${typeof what === 'string' ? what : await what()}`);
    }
    await sleep(10);
  }
}

type Outcome =
  | { readonly kind: 'resolved'; readonly commandId?: string; readonly result: DispatchResult }
  | { readonly kind: 'rejected'; readonly counterId: string; readonly commandId?: string; readonly error: unknown };

/**
 * Losing connections must not wedge an application: a dispatch either resolves with its events
 * stored or rejects with a clear error, and the application serves again without a restart;
 * an event handler whose listener connection or pool is cut keeps (or takes again) its lease and goes
 * on from its checkpoint, skipping nothing. Connections are cut with `pg_terminate_backend`,
 * found by the application's `application_name` (the dedicated session connection is opened
 * with the pool's options, so it carries the same name).
 */
describePostgres('connection loss', () => {
  let admin: Pool;
  let schema: string;
  let counter = 0;
  const apps: Edict[] = [];

  beforeAll(() => {
    admin = testPool(6);
  });
  beforeEach(async () => {
    schema = uniqueSchema('connloss');
    await new PostgresEventStore({ pool: admin, schema }).migrate();
  });
  afterEach(async () => {
    await Promise.all(apps.splice(0).map((a) => a.stop()));
    // Whatever a stopped application failed to close would keep this test run from exiting.
    await admin.query(`select pg_terminate_backend(pid) from pg_stat_activity where application_name like $1`, [
      `edict-connloss-${process.pid}-%`,
    ]);
    await dropSchema(admin, schema);
  });
  afterAll(async () => {
    await admin.end();
  });

  /** An application on a store that owns its pool, every connection named `appName`. */
  async function app(handlers: object[], subscriptions: Record<string, number> = {}) {
    const appName = `edict-connloss-${process.pid}-${++counter}`;
    const store = new PostgresEventStore({
      connectionString: DATABASE_URL,
      poolConfig: { max: 8, application_name: appName },
      schema,
      logger: quiet,
    });
    const edict = await Edict.create({
      store,
      aggregates: [Counter],
      handlers,
      logger: quiet,
      subscriptions: { standbyRetryMs: 100, pollIntervalMs: 60_000, batchSize: 10, ...subscriptions },
    });
    apps.push(edict);
    return { edict, appName };
  }

  /**
   * Another process that writes: its own pool, no handlers, hence no session and no
   * in-process wake-up of the application under test (only NOTIFY, or its poll, reaches it).
   */
  async function writer() {
    const edict = await Edict.create({
      store: new PostgresEventStore({ pool: admin, schema, logger: quiet }),
      aggregates: [Counter],
      logger: quiet,
    });
    apps.push(edict);
    return edict;
  }

  /** Kills the application's backends: all of them, only the one holding leases, or only the pool's. */
  async function cut(appName: string, which: 'all' | 'listener' | 'pool' = 'all'): Promise<number> {
    // The dedicated connection is the one whose last statement was its LISTEN.
    const filter = which === 'all' ? '' : `and (query like 'listen %') = ${which === 'listener'}`;
    const { rows } = await admin.query<{ ok: boolean }>(
      `select pg_terminate_backend(pid) as ok from pg_stat_activity
       where application_name = $1 and pid <> pg_backend_pid() ${filter}`,
      [appName],
    );
    return rows.filter((r) => r.ok).length;
  }

  async function storedEvents(streamPrefix: string) {
    const { rows } = await admin.query<{
      event_id: string;
      stream_id: string;
      version: string;
      position: string;
      data: { seq: number };
      command_id: string;
    }>(
      `select event_id, stream_id, version, position, data, metadata->>'commandId' as command_id
       from "${schema}".events where stream_id like $1 order by position`,
      [`${streamPrefix}%`],
    );
    return rows.map((r) => ({ ...r, version: Number(r.version), position: Number(r.position) }));
  }

  async function allPositions(): Promise<number[]> {
    const { rows } = await admin.query<{ position: string }>(
      `select position from "${schema}".events order by position`,
    );
    return rows.map((r) => Number(r.position));
  }

  const statusOf = async (edict: Edict) => (await edict.status()).find((s) => s.name === AUDIT) as HandlerStatus;

  it('answers every dispatch truthfully while its connections are cut, and serves again without a restart', async () => {
    const { edict, appName } = await app([]);
    const ids = Array.from({ length: 6 }, (_, i) => `cut-${i}`);
    const outcomes: Outcome[] = [];
    let running = true;
    let next = 0;
    const worker = async (w: number) => {
      while (running) {
        const counterId = ids[next++ % ids.length]!;
        // Half the clients make their commands idempotent, as a client that retries would.
        const commandId = w % 2 === 0 ? uuidv7() : undefined;
        try {
          const result = await edict.dispatch(Increment.of(counterId), commandId ? { commandId } : {});
          outcomes.push({ kind: 'resolved', ...(commandId ? { commandId } : {}), result });
        } catch (error) {
          outcomes.push({ kind: 'rejected', counterId, ...(commandId ? { commandId } : {}), error });
          await sleep(5);
        }
      }
    };
    const workers = Array.from({ length: 8 }, (_, w) => worker(w));
    const terminated: number[] = [];
    for (let i = 0; i < 3; i++) {
      await sleep(200);
      terminated.push(await cut(appName));
    }
    await sleep(200);
    running = false;
    await Promise.all(workers);

    const resolved = outcomes.filter((o) => o.kind === 'resolved');
    const rejected = outcomes.filter((o) => o.kind === 'rejected');
    expect(terminated.every((n) => n > 0)).toBe(true);
    expect(resolved.length).toBeGreaterThan(0);
    expect(rejected.length).toBeGreaterThan(0); // the cuts did land on work in flight

    // A rejection is a clear, typed error: the store was unavailable, or a version conflict.
    const unclear = rejected.filter(
      (o) => !hasErrorCode(o.error, 'STORE_UNAVAILABLE') && !hasErrorCode(o.error, 'CONCURRENCY'),
    );
    expect(unclear.map((o) => String(o.error))).toEqual([]);

    // Never a resolved dispatch whose events are missing: each is stored where the result says.
    const stored = await storedEvents('counter-cut-');
    const byEventId = new Map(stored.map((e) => [e.event_id, e]));
    const missing = resolved.flatMap((o) =>
      o.result.events
        .filter((e) => {
          const s = byEventId.get(e.eventId);
          return !s || s.stream_id !== e.streamId || s.version !== e.version || s.position !== e.position;
        })
        .map((e) => `${e.streamId}@${e.version} (${e.eventId})`),
    );
    expect(missing).toEqual([]);
    // Every executor decided on the true state, never on one left behind by a failed append.
    expect(stored.filter((e) => e.data.seq !== e.version)).toEqual([]);

    // Without a restart: a rejected idempotent command, sent again, is stored exactly once...
    for (const o of rejected) {
      if (!o.commandId) continue;
      const again = await edict.dispatch(Increment.of(o.counterId), { commandId: o.commandId });
      expect(again.events).toHaveLength(1);
    }
    const after = await storedEvents('counter-cut-');
    const perCommand = new Map<string, number>();
    for (const e of after) perCommand.set(e.command_id, (perCommand.get(e.command_id) ?? 0) + 1);
    expect([...perCommand.entries()].filter(([, n]) => n > 1)).toEqual([]);
    // ...and every aggregate takes new commands, from the state that is stored.
    for (const id of ids) {
      const result = await edict.dispatch(Increment.of(id));
      const inStream = (await storedEvents(`counter-${id}`)).filter((e) => e.stream_id === `counter-${id}`);
      expect(result.version).toBe(inStream.length);
      expect((await edict.load(Counter, id)).count).toBe(inStream.length);
    }
  }, 30_000);

  it('keeps an event handler going when its listener connection, its pool, or both are cut', async () => {
    const audit = new Audit();
    const { edict, appName } = await app([audit]);
    const other = await writer();
    await edict.caughtUp(AUDIT);
    let n = 0;
    const write = async (count: number) => {
      for (let i = 0; i < count; i++) await other.dispatch(Increment.of(`h-${n++ % 3}`));
    };
    const diagnose = async () => {
      const { state, position, headPosition, lastError } = await statusOf(edict);
      const { rows } = await admin.query<{ pid: number; listening: boolean }>(
        `select pid, query like 'listen %' as listening from pg_stat_activity a where application_name = $1`,
        [appName],
      );
      const listening = rows.filter((r) => r.listening).length;
      return ` (handler ${state} at ${position} of ${headPosition}, last error: ${lastError?.message ?? 'none'}; the application has ${rows.length} connections, ${listening} listening)`;
    };
    const seenAll = async () => {
      const all = await allPositions();
      return all.every((p) => audit.seen.includes(p));
    };

    await write(10);
    await until('the handler saw the first events', seenAll, 5_000);
    const cuts = ['listener', 'pool', 'all', 'listener'] as const;
    for (const which of cuts) {
      await sleep(300); // the handler has held its lease for a while, as it would in production
      await write(5);
      expect(await cut(appName, which)).toBeGreaterThan(0);
      await write(10); // appended while the handler reconnects
      await until(async () => `the handler caught up after losing '${which}'${await diagnose()}`, seenAll, 10_000);
      await until(
        `the handler is live after losing '${which}'`,
        async () => (await statusOf(edict)).state === 'live',
        5_000,
      );
      // Its listener is back: another process's append reaches it well before its 60 s poll.
      await write(1);
      await until(`the handler was woken by another process after losing '${which}'`, seenAll, 5_000);
      // Strong consistency through this application works again (retried for a short while).
      const deadline = Date.now() + 5_000;
      for (;;) {
        try {
          await edict.dispatch(Increment.of('h-strong'), { consistency: 'strong', consistencyTimeoutMs: 2_000 });
          break;
        } catch (error) {
          if (Date.now() > deadline) throw error;
          await sleep(100);
        }
      }
    }

    // Nothing skipped, in position order, redelivered only from a checkpoint.
    const all = await allPositions();
    const firstSeen = audit.seen.filter((p, i) => audit.seen.indexOf(p) === i);
    expect(firstSeen).toEqual(all);
    const redelivered = audit.seen.length - firstSeen.length;
    expect(redelivered).toBeLessThanOrEqual(cuts.length * 10); // at most a batch per cut
    const checkpoint = async () =>
      Number(
        (
          await admin.query<{ position: string }>(`select position from "${schema}".checkpoints where name = $1`, [
            AUDIT,
          ])
        ).rows[0]?.position,
      );
    await until(
      async () => `the checkpoint reached the head (it is at ${await checkpoint()})`,
      async () => (await checkpoint()) === all.at(-1),
      5_000,
    );

    // Reconnecting left nothing behind: once stopped, the application holds no connection and
    // no lease, so another process can take the handler over.
    await edict.stop();
    const left = async () =>
      (await admin.query(`select pid from pg_stat_activity where application_name = $1`, [appName])).rowCount;
    await until('the stopped application closed all its connections', async () => (await left()) === 0, 3_000).catch(
      async () => expect({ connectionsLeft: await left() }).toEqual({ connectionsLeft: 0 }),
    );
    const successor = await app([new Audit()]);
    await until(
      'another application took the handler over',
      async () => (await statusOf(successor.edict)).state === 'live',
      5_000,
    );
  }, 60_000);

  it('says a handler could not reach a database it never reached, not that it lost its connection', async () => {
    const lines: { message: string; error: unknown }[] = [];
    const logger = {
      warn: (message: string, fields?: Record<string, unknown>) => lines.push({ message, error: fields?.error }),
      error: () => undefined,
    };
    // Nothing listens on port 1: the connection is refused, as for a server that is down.
    const unreachable = new URL(DATABASE_URL!);
    unreachable.port = '1';
    const edict = await Edict.create({
      store: new PostgresEventStore({ connectionString: unreachable.toString(), schema, logger: quiet }),
      handlers: [new Audit()],
      logger,
    });
    apps.push(edict);
    await until('the handler reported the failure', () => lines.length > 0, 5_000);
    expect(lines[0]!.message).toBe(`Handler '${AUDIT}' could not reach the store; retrying`);
    expect(String(lines[0]!.error)).toMatch(/ECONNREFUSED/);
    expect(lines.filter((l) => l.message.includes('lost its connection'))).toEqual([]);
  }, 30_000);

  it('recovers from every failed handler query as fast as from the first', async () => {
    const audit = new Audit();
    const { edict, appName } = await app([audit], { pollIntervalMs: 200 });
    const other = await writer();
    await edict.caughtUp(AUDIT);
    await other.dispatch(Increment.of('slow-0'));
    await until(
      'the handler saw the first event',
      async () => (await allPositions()).every((p) => audit.seen.includes(p)),
      5_000,
    );

    const recoveryMs: number[] = [];
    const streak: number[] = [];
    for (let k = 0; k < 5; k++) {
      // Hold the handler's checkpoint row, so that its next checkpoint save waits on it...
      const blocker = await admin.connect();
      try {
        await blocker.query('begin');
        await blocker.query(`select 1 from "${schema}".checkpoints where name = $1 for update`, [AUDIT]);
        await other.dispatch(Increment.of('slow-0'));
        let waiting: number | undefined;
        await until(
          'the handler waits to save its checkpoint',
          async () => {
            const { rows } = await admin.query<{ pid: number }>(
              `select pid from pg_stat_activity where application_name = $1 and wait_event_type = 'Lock'`,
              [appName],
            );
            waiting = rows[0]?.pid;
            return waiting !== undefined;
          },
          5_000,
        );
        // ...and kill that connection under it: the handler's query fails.
        await admin.query('select pg_terminate_backend($1)', [waiting]);
      } finally {
        await blocker.query('rollback');
        blocker.release();
      }
      const cutAt = Date.now();
      const { events } = await other.dispatch(Increment.of('slow-0'));
      const target = events[0]!.position;
      await until(`the handler recovered from failure ${k + 1}`, () => audit.seen.includes(target), 15_000);
      recoveryMs.push(Date.now() - cutAt);
      const status = await statusOf(edict);
      expect(status.lastError?.code).toBe('STORE_UNAVAILABLE');
      streak.push(status.lastError?.attempts ?? 0);
    }
    // Each loss follows a recovery, so each is the first failure of its streak and gets the
    // shortest back-off, not one that doubles with every loss over the process's lifetime.
    expect({ streak, recoveryMs }).toEqual({ streak: [1, 1, 1, 1, 1], recoveryMs }); // recoveryMs shown for context
    expect(Math.max(...recoveryMs)).toBeLessThan(3_000);
  }, 60_000);
});
