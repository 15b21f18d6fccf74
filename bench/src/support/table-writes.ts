import type { Pool } from 'pg';
import { sleep } from './clock';
import { quoteSchema } from './database';

/** Rows inserted, updated and deleted so far in each table of a schema, and the tables' sizes. */
export interface TableWrites {
  readonly tables: ReadonlyMap<string, { readonly ins: number; readonly upd: number; readonly del: number }>;
  /** pg_total_relation_size summed over the schema's tables (heap, indexes, TOAST), bytes. */
  readonly bytes: number;
}

const WRITES = `select relname, n_tup_ins, n_tup_upd, n_tup_del, pg_total_relation_size(relid) as bytes
  from pg_stat_user_tables where schemaname = $1 order by relname`;

const SETTLE_TIMEOUT_MS = 5000;
const SETTLE_POLL_MS = 10;

/**
 * The counters of the schema's tables, once they are complete. A backend reports its counts to
 * the statistics some time after its transactions (at the latest when it exits), so this waits
 * until the events table's insert count equals its rows (the log is append-only, and each run's
 * schema is new): call it after the connections that wrote have closed. Undefined when the
 * counts do not settle (`track_counts` off, say).
 */
export async function settledWrites(admin: Pool, schema: string): Promise<TableWrites | undefined> {
  const count = `select count(*)::float8 as n from ${quoteSchema(schema)}.events`;
  const until = Date.now() + SETTLE_TIMEOUT_MS;
  for (;;) {
    const rows = (await admin.query<{ n: number }>(count)).rows[0]!.n;
    const writes = await tableWrites(admin, schema);
    if (writes.tables.get('events')?.ins === rows) return writes;
    if (Date.now() > until) return undefined;
    await sleep(SETTLE_POLL_MS);
  }
}

async function tableWrites(admin: Pool, schema: string): Promise<TableWrites> {
  const { rows } = await admin.query<{
    relname: string;
    n_tup_ins: string;
    n_tup_upd: string;
    n_tup_del: string;
    bytes: string;
  }>(WRITES, [schema]);
  const tables = new Map(
    rows.map((r) => [r.relname, { ins: Number(r.n_tup_ins), upd: Number(r.n_tup_upd), del: Number(r.n_tup_del) }]),
  );
  return { tables, bytes: rows.reduce((sum, r) => sum + Number(r.bytes), 0) };
}

/** Rows written per command between two snapshots, in all, and by table as text (`events 1.00 ins, head 1.00 upd`). */
export function writesPerCommand(
  before: TableWrites,
  after: TableWrites,
  commands: number,
): { rows: number; byTable: string; bytes: number } {
  let rows = 0;
  const parts: string[] = [];
  for (const [table, a] of after.tables) {
    const b = before.tables.get(table) ?? { ins: 0, upd: 0, del: 0 };
    const kinds = [
      ['ins', a.ins - b.ins],
      ['upd', a.upd - b.upd],
      ['del', a.del - b.del],
    ] as const;
    for (const [kind, n] of kinds) {
      if (n === 0) continue;
      rows += n;
      parts.push(`${table} ${(n / commands).toFixed(2)} ${kind}`);
    }
  }
  return { rows: rows / commands, byTable: parts.join(', ') || 'none', bytes: (after.bytes - before.bytes) / commands };
}
