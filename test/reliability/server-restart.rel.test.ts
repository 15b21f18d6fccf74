import type { Pool } from 'pg';
import { killAll, startChild, type Child } from './support/children';
import { freshSchema, sleep, storedEvents, testPool, until, versionGaps } from './support/db';
import { figureLine } from './support/figure';
import { checkRestartable, ensureServerUp, restartServer } from './support/postgres-server';

const PROCESSES = 2;
const DISPATCHERS = 16;
const ACCOUNTS = 20;
/** A quick restart, then one that stays down a while (as a server with much to recover would). */
const DOWN_MS = [0, 10_000];
const RESTARTS = DOWN_MS.length;
/** How long the application may take to serve again once the server accepts connections. */
const RECOVERY_BOUND_MS = 30_000;

type Success = [commandId: string, eventId: string, streamId: string, version: number, position: number, at: number];

/**
 * PostgreSQL restarted (fast shutdown: every connection cut, open transactions rolled back)
 * while two application processes dispatch commands and run a TypeORM projection and an event
 * handler. No command may report success for events that were not stored; the applications
 * recover by themselves, without a restart; their subscriptions resume; and afterwards the log
 * is consistent and the read models equal its fold.
 */
describe('server restart under load', () => {
  const figure = figureLine('server-restart');
  let pool: Pool;
  let schema: string;
  let drop: () => Promise<void>;
  const children: Child[] = [];

  beforeAll(async () => {
    await checkRestartable();
    pool = testPool();
    ({ schema, drop } = await freshSchema(pool, 'restart'));
    await pool.query(
      `create table "${schema}".balances ("accountId" text primary key, balance integer not null, events integer not null)`,
    );
    await pool.query(`create table "${schema}".audit (position bigint primary key)`);
  });
  afterAll(async () => {
    await ensureServerUp();
    await Promise.all(children.map((c) => c.stop()));
    await killAll();
    await drop?.().catch(() => undefined);
    await pool?.end();
  });

  const startedAt = async () =>
    (await pool.query<{ t: Date }>('select pg_postmaster_start_time() as t')).rows[0]!.t.getTime();
  const progress = async (c: Child) => (await c.request({ cmd: 'progress' }, 'progress', 10_000)).successes as number;

  it('reports no success for events not stored, recovers by itself, and resumes its subscriptions', async () => {
    for (let p = 0; p < PROCESSES; p++) {
      children.push(
        startChild('load-process.cjs', `load-${p}`, {
          EDICT_SCHEMA: schema,
          DISPATCHERS: String(DISPATCHERS),
          ACCOUNTS: String(ACCOUNTS),
        }),
      );
    }
    await Promise.all(children.map((c) => c.next('ready', 30_000)));
    for (const c of children) c.send({ cmd: 'go' });
    await sleep(2_000);

    const serverStarts = [await startedAt()];
    const recoveries: number[] = [];
    for (let r = 0; r < RESTARTS; r++) {
      const before = await Promise.all(children.map(progress));
      expect(before.every((n) => n > 0)).toBe(true);
      await restartServer(DOWN_MS[r]);
      const ready = Date.now();
      serverStarts.push(await startedAt());
      // Each application serves again by itself: new commands succeed.
      const counts = await Promise.all(children.map(progress));
      await Promise.all(
        children.map((c, i) =>
          until(
            () => `${c.name} succeeded again after restart ${r + 1}\n${c.describe()}`,
            async () => (await progress(c)) > counts[i]!,
            RECOVERY_BOUND_MS,
            20,
          ),
        ),
      );
      recoveries.push(Date.now() - ready);
      await sleep(2_000);
    }
    const reports = await Promise.all(children.map((c) => c.request({ cmd: 'halt' }, 'report', 60_000)));

    // The read models catch up with the whole log: the subscriptions resumed.
    const head = async () =>
      Number((await pool.query<{ position: string }>(`select position from "${schema}".head`)).rows[0]!.position);
    const checkpoint = async (name: string) =>
      Number(
        (await pool.query<{ position: string }>(`select position from "${schema}".checkpoints where name = $1`, [name]))
          .rows[0]?.position ?? 0,
      );
    const status = async () =>
      JSON.stringify(await Promise.all(children.map((c) => c.request({ cmd: 'status' }, 'status', 10_000))));
    const catchUp = await until(
      async () => `the handlers caught up with ${await head()}: ${await status()}`,
      async () => {
        const h = await head();
        return (await checkpoint('rel.rs.balances')) === h && (await checkpoint('rel.rs.audit')) === h;
      },
      60_000,
      100,
    ).then(
      () => undefined,
      (error: Error) => error.message,
    );
    const handlerStates = (await Promise.all(children.map((c) => c.request({ cmd: 'status' }, 'status', 10_000))))
      .flatMap((m) => m.handlers as { name: string; state: string }[])
      .map((s) => `${s.name}:${s.state}`)
      .sort();

    const stored = await storedEvents(pool, schema);
    const byEventId = new Map(stored.map((e) => [e.eventId, e]));
    const successes = reports.flatMap((r) => r.successes as Success[]);
    const notStored = successes.filter(([, eventId, streamId, version, position]) => {
      const e = byEventId.get(eventId);
      return !e || e.streamId !== streamId || e.version !== version || e.position !== position;
    }).length;
    const answered = new Set(successes.map(([commandId]) => commandId));
    const perCommand = new Map<string, number>();
    for (const e of stored) perCommand.set(e.commandId, (perCommand.get(e.commandId) ?? 0) + 1);
    const twice = [...perCommand.values()].filter((n) => n > 1).length;
    const storedUnanswered = [...perCommand.keys()].filter((id) => !answered.has(id)).length;
    const failures: Record<string, number> = {};
    for (const r of reports) {
      for (const [code, n] of Object.entries(r.failures as Record<string, number>))
        failures[code] = (failures[code] ?? 0) + n;
    }
    const replays = reports.reduce((n, r) => n + (r.replays as number), 0);
    const refused = reports.reduce((n, r) => n + (r.refused as number), 0);

    // The log: contiguous versions, and every decision taken on the true state.
    const gaps = versionGaps(stored);
    const balances = new Map<string, { accountId: string; balance: number; events: number }>();
    let stale = 0;
    for (const e of stored) {
      const accountId = e.streamId.slice('relacct-'.length);
      const row = balances.get(accountId) ?? { accountId, balance: 0, events: 0 };
      row.balance += e.type === 'rel.Deposited' ? (e.data.amount as number) : -(e.data.amount as number);
      row.events++;
      balances.set(accountId, row);
      if (e.data.balance !== row.balance) stale++;
    }
    const expectedModel = [...balances.values()].sort((a, b) => a.accountId.localeCompare(b.accountId));
    const { rows: model } = await pool.query<{ accountId: string; balance: number; events: number }>(
      `select "accountId", balance, events from "${schema}".balances order by "accountId" collate "C"`,
    );
    const modelMatches = JSON.stringify(model) === JSON.stringify(expectedModel);
    const { rows: audit } = await pool.query<{ n: string }>(`select count(*) as n from "${schema}".audit`);
    const audited = Number(audit[0]!.n);
    const failed = Object.values(failures).reduce((x, y) => x + y, 0);
    const stoppedHandlers = handlerStates.filter((s) => !/:(live|standby)$/.test(s));
    figure.set(
      `${RESTARTS} restarts of PostgreSQL under ${PROCESSES} processes × ${DISPATCHERS} dispatchers: ${successes.length} commands answered OK ` +
        `(${replays} of them replays), ${notStored} of them not stored as answered; ${failed} failures during the restarts ` +
        `(${Object.entries(failures)
          .map(([c, n]) => `${c} ${n}`)
          .join(
            ', ',
          )}) retried with the same id: ${twice} appended twice, ${storedUnanswered} stored but unanswered at the end; ` +
        `server down ${DOWN_MS.map((ms) => `${ms / 1000 || '~2'} s`).join(' and ')}, commands served again ${recoveries.map((ms) => `${(ms / 1000).toFixed(1)} s`).join(' and ')} after the server was back, without a restart; ` +
        `subscriptions ${catchUp ? 'did NOT catch up' : 'caught up'}: projection ${modelMatches ? '=' : '≠'} fold of the log, audit saw ${audited} of ${stored.length} events; ` +
        `${gaps.length} streams with gaps, ${stale} stale decisions, ${refused} overdrafts refused; ` +
        `${stoppedHandlers.length} handler instances stopped for good by the outage${stoppedHandlers.length ? ` (${stoppedHandlers.join(', ')})` : ''}`,
    );

    expect(catchUp).toBeUndefined();
    expect(new Set(serverStarts).size).toBe(RESTARTS + 1); // the server really restarted each time
    expect(notStored).toBe(0);
    expect(twice).toBe(0);
    expect(failed).toBeGreaterThan(0); // the restarts did land on work in flight
    expect(Object.keys(failures).filter((code) => code !== 'STORE_UNAVAILABLE' && code !== 'CONCURRENCY')).toEqual([]);
    expect({ gaps, stale }).toEqual({ gaps: [], stale: 0 });
    expect(model).toEqual(expectedModel);
    expect(audited).toBe(stored.length);
    // Every process's handlers resumed (none was stopped for good by its error policy), one active each.
    expect({ stoppedHandlers }).toEqual({ stoppedHandlers: [] });
    expect(handlerStates.filter((s) => s.endsWith(':live'))).toHaveLength(2);
  });
});
