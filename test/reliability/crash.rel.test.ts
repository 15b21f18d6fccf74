import type { Pool } from 'pg';
import { v7 as uuidv7 } from 'uuid';
import { PostgresEventStore } from '@edict/postgres';
import { killAll, startChild, type Child } from './support/children';
import { freshSchema, quiet, sleep, storedEvents, testPool, until, type StoredRow } from './support/db';
import { figureLine } from './support/figure';

const NAME = 'rel.balances';
/**
 * The scenario's size is 50,000 events. The projection catches up in runs of events, one transaction
 * (one commit) per run, so the whole log fits the suite's time; REL_CRASH_EVENTS scales it
 * down, and the figure line then says so.
 */
const EVENTS = Number(process.env.REL_CRASH_EVENTS ?? 50_000);
const FULL = 50_000;
const LEDGERS = 100;
const KILLS = 20;

interface BalanceRow {
  ledgerId: string;
  balance: number;
  events: number;
}

const byLedger = (a: BalanceRow, b: BalanceRow) => (a.ledgerId < b.ledgerId ? -1 : a.ledgerId > b.ledgerId ? 1 : 0);

/** The read model the log up to `position` should produce. */
function fold(events: readonly StoredRow[], position: number): BalanceRow[] {
  const rows = new Map<string, BalanceRow>();
  for (const e of events) {
    if (e.position > position) break;
    const { ledgerId, amount } = e.data as { ledgerId: string; amount: number };
    const row = rows.get(ledgerId) ?? { ledgerId, balance: 0, events: 0 };
    row.balance += e.type === 'rel.Credited' ? amount : -amount;
    row.events++;
    rows.set(ledgerId, row);
  }
  return [...rows.values()].sort(byLedger);
}

/**
 * Guarantee 5 for projections: a TypeORM projection writes its read model and its checkpoint
 * in one transaction, so however often its process is killed with SIGKILL during a long
 * catch-up, the read model always equals the fold of the log up to its checkpoint: no event
 * lost, none applied twice.
 */
describe('crash: kill -9 a projection mid catch-up', () => {
  const figure = figureLine('crash');
  let pool: Pool;
  let schema: string;
  let drop: () => Promise<void>;
  const children: Child[] = [];

  beforeAll(async () => {
    pool = testPool(10);
    ({ schema, drop } = await freshSchema(pool, 'crash'));
    await pool.query(
      `create table "${schema}".balances ("ledgerId" text primary key, balance integer not null, events integer not null)`,
    );
  });
  afterAll(async () => {
    await killAll();
    await drop?.();
    await pool?.end();
  });

  /** `EVENTS` credits and debits over `LEDGERS` ledgers, 100 per append, 8 appends at a time. */
  async function appendLedgerEvents(): Promise<void> {
    const store = new PostgresEventStore({ pool, schema, logger: quiet });
    const perAppend = 100;
    let next = 0;
    await Promise.all(
      Array.from({ length: 8 }, async () => {
        while (next < EVENTS) {
          const from = next;
          next += perAppend;
          const commandId = uuidv7();
          await store.append({
            streamId: `ledger-${from / perAppend}`,
            expectedVersion: 'no-stream',
            events: Array.from({ length: Math.min(perAppend, EVENTS - from) }, (_, i) => ({
              eventId: uuidv7(),
              type: (from + i) % 4 === 3 ? 'rel.Debited' : 'rel.Credited',
              schemaVersion: 1,
              data: { ledgerId: `l${(from + i) % LEDGERS}`, amount: 1 + ((from + i) % 97) },
              metadata: { commandId, correlationId: commandId, causationId: commandId },
            })),
          });
        }
      }),
    );
  }

  const checkpoint = async (): Promise<number> => {
    const { rows } = await pool.query<{ position: string }>(
      `select position from "${schema}".checkpoints where name = $1`,
      [NAME],
    );
    return rows[0] ? Number(rows[0].position) : 0;
  };
  const readModel = async (): Promise<BalanceRow[]> =>
    (await pool.query<BalanceRow>(`select "ledgerId", balance, events from "${schema}".balances`)).rows.sort(byLedger);

  it('keeps the read model equal to the fold of the log at every kill, and at the end', async () => {
    await appendLedgerEvents();
    const log = await storedEvents(pool, schema);
    const head = log.at(-1)!.position;
    expect(log).toHaveLength(EVENTS);

    const started = Date.now();
    const killedAt: number[] = [];
    let mismatches = 0;
    let previous = 0;
    for (let k = 0; k < KILLS; k++) {
      const child = startChild('projection-process.cjs', `projection-${k}`, { EDICT_SCHEMA: schema });
      children.push(child);
      // Spread the kills over the catch-up: past the k-th of KILLS + 1 stretches of the log,
      // and at least a little past where the previous process died; then at a random moment.
      const target = Math.max(previous + 50, Math.floor(((k + 1) * head) / (KILLS + 1)));
      await until(
        () => `projection ${k} reached ${target}\n${child.describe()}`,
        async () => (await checkpoint()) >= target,
        60_000,
        10,
      );
      await sleep(Math.random() * 150);
      await child.kill();
      // A COMMIT the child sent just before dying may still be completing in its backend: wait
      // until its connections are gone, so that what is read next is final.
      await until(
        () => `the connections of projection ${k} closed`,
        async () =>
          (
            await pool.query<{ n: number }>(
              `select count(*)::integer as n from pg_stat_activity where application_name = $1`,
              [`edict-rel-projection-projection-${k}`],
            )
          ).rows[0]!.n === 0,
        30_000,
        10,
      );
      previous = await checkpoint();
      killedAt.push(previous);
      // Whatever the moment of the kill, the read model is the fold of the log up to the checkpoint.
      const expected = fold(log, previous);
      const actual = await readModel();
      if (JSON.stringify(actual) !== JSON.stringify(expected)) mismatches++;
      expect({ kill: k + 1, checkpoint: previous, rows: actual }).toEqual({
        kill: k + 1,
        checkpoint: previous,
        rows: expected,
      });
    }
    const lastStarted = Date.now();
    const fromCheckpoint = previous;
    const last = startChild('projection-process.cjs', 'projection-last', { EDICT_SCHEMA: schema });
    children.push(last);
    await last.next('caught-up', 120_000);
    const rate = Math.round((head - fromCheckpoint) / ((Date.now() - lastStarted) / 1000));
    await last.stop();
    const seconds = (Date.now() - started) / 1000;
    const final = await readModel();
    const finalCheckpoint = await checkpoint();
    const expected = fold(log, head);
    const applied = final.reduce((n, r) => n + r.events, 0);
    const finalMismatch = JSON.stringify(final) !== JSON.stringify(expected);
    const scaled = EVENTS < FULL ? ` (scaled down from ${FULL})` : '';
    figure.set(
      `${EVENTS} events${scaled} caught up by a TypeORM projection killed with SIGKILL ${killedAt.length} times ` +
        `(at checkpoints ${killedAt[0]}…${killedAt.at(-1)}) and restarted, ${seconds.toFixed(0)} s ` +
        `(~${rate} events/s after the last restart); read model = fold of the log ` +
        `after ${killedAt.length - mismatches} of ${killedAt.length} kills and ${finalMismatch ? 'NOT ' : ''}at the end; ` +
        `${applied} events applied, ${applied - EVENTS} twice or lost`,
    );

    expect(killedAt.every((p) => p < head)).toBe(true); // each kill landed mid catch-up
    expect(killedAt).toEqual([...killedAt].sort((a, b) => a - b));
    expect(last.all('log-error')).toEqual([]);
    expect(finalCheckpoint).toBe(head);
    expect(final).toEqual(expected);
    expect(applied).toBe(EVENTS);
  });
});
