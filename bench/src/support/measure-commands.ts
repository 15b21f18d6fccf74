import type { Pool } from 'pg';
import { quoteSchema } from './database';
import { runFor } from './run-for';
import { settleTables } from './settle-tables';
import { settledWrites, writesPerCommand } from './table-writes';

/** One side of a command scenario, opened on seeded tables. */
export interface CommandSide {
  /** Sends command `i` (indexes run on from the warm-up into the timed window). */
  send(i: number): Promise<unknown>;
  /** Closes every connection the side opened, so that their statistics reach the server. */
  close(): Promise<void>;
}

/** What a command run measured. Costs are per command; NaN where the server did not tell. */
export interface CommandMeasurement {
  /** Commands per second in the timed window. */
  readonly rate: number;
  /** This process's CPU time (user + system) in the timed window, µs. */
  readonly cpu: number;
  /** WAL the server wrote in the timed window, bytes (the whole server's: run it alone). */
  readonly wal: number;
  /** Table rows inserted, updated or deleted, over the whole run (warm-up and window). */
  readonly rows: number;
  /** `rows` by table, e.g. `events 1.00 ins, head 1.00 upd`. */
  readonly rowsByTable: string;
  /** Growth of the schema's tables with their indexes over the whole run, bytes. */
  readonly storage: number;
  /** Mean pg_column_size of the event rows the run wrote, bytes. */
  readonly rowBytes: number;
}

export interface CommandRun {
  readonly admin: Pool;
  readonly schema: string;
  readonly concurrency: number;
  /** The warm-up sends at least this many commands (one per aggregate: every stream touched). */
  readonly aggregates: number;
  readonly warmUpSeconds: number;
  readonly seconds: number;
  readonly checkpoint: boolean;
}

const LSN = 'select pg_current_wal_lsn()::text as lsn';
const WAL_SINCE = 'select pg_wal_lsn_diff(pg_current_wal_lsn(), $1::pg_lsn)::float8 as bytes';
const lastPosition = (S: string) => `select coalesce(max(position), 0)::float8 as position from ${S}.events`;
const rowBytesAfter = (S: string) =>
  `select avg(pg_column_size(e.*))::float8 as bytes from ${S}.events e where position > $1`;

/**
 * Measures one side on tables its caller has just seeded (with connections it has closed):
 * settles the tables (`settleTables`), opens the side, sends commands for the warm-up, then
 * times a window of `seconds`, closes the side, and reads what the server wrote. CPU and WAL
 * are counted in the window only; rows and storage over the whole run, per command sent.
 */
export async function measureCommands(
  run: CommandRun,
  open: () => CommandSide | Promise<CommandSide>,
): Promise<CommandMeasurement> {
  const { admin, schema, concurrency } = run;
  const S = quoteSchema(schema);
  await settleTables(admin, schema, run.checkpoint);
  const before = await settledWrites(admin, schema);
  const seededThrough = (await admin.query<{ position: number }>(lastPosition(S))).rows[0]!.position;
  const side = await open();
  let warm: number;
  let timed: { count: number; ms: number };
  let cpuUs: number;
  let walBytes: number;
  try {
    warm = (await runFor(run.warmUpSeconds, concurrency, (i) => side.send(i), 0, run.aggregates)).count;
    const lsn = (await admin.query<{ lsn: string }>(LSN)).rows[0]!.lsn;
    const cpu = process.cpuUsage();
    timed = await runFor(run.seconds, concurrency, (i) => side.send(i), warm);
    const used = process.cpuUsage(cpu);
    cpuUs = used.user + used.system;
    walBytes = (await admin.query<{ bytes: number }>(WAL_SINCE, [lsn])).rows[0]!.bytes;
  } finally {
    await side.close();
  }
  const after = await settledWrites(admin, schema);
  const commands = warm + timed.count;
  const writes =
    before && after ? writesPerCommand(before, after, commands) : { rows: NaN, byTable: 'n/a', bytes: NaN };
  const rowBytes = (await admin.query<{ bytes: number | null }>(rowBytesAfter(S), [seededThrough])).rows[0]!.bytes;
  return {
    rate: (timed.count / timed.ms) * 1000,
    cpu: cpuUs / timed.count,
    wal: walBytes / timed.count,
    rows: writes.rows,
    rowsByTable: writes.byTable,
    storage: writes.bytes,
    rowBytes: rowBytes ?? NaN,
  };
}
