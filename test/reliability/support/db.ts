import { Pool } from 'pg';
import { PostgresEventStore } from '@edict/postgres';

export const DATABASE_URL = process.env.DATABASE_URL ?? '';

/** A logger that says nothing (the scenarios check what is stored, not what is logged). */
export const quiet = { warn: () => undefined, error: () => undefined };

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** A pool for the test's own queries; a connection the server drops is not an error here. */
export function testPool(max = 4): Pool {
  const pool = new Pool({ connectionString: DATABASE_URL, max, application_name: `edict-rel-test-${process.pid}` });
  pool.on('error', () => undefined);
  return pool;
}

let counter = 0;
/** A schema name unique to this run and scenario. */
export function uniqueSchema(scenario: string): string {
  return `rel_${scenario}_${process.pid}_${++counter}_${Math.floor(Math.random() * 1e6)}`.slice(0, 60);
}

/** A fresh schema holding Edict's tables; `drop` removes it. */
export async function freshSchema(pool: Pool, scenario: string): Promise<{ schema: string; drop(): Promise<void> }> {
  const schema = uniqueSchema(scenario);
  await new PostgresEventStore({ pool, schema, logger: quiet }).migrate();
  return { schema, drop: () => pool.query(`drop schema if exists "${schema}" cascade`).then(() => undefined) };
}

/** Polls `check` until it holds; fails naming `what` (a string or a function giving one). */
export async function until(
  what: string | (() => string | Promise<string>),
  check: () => boolean | Promise<boolean>,
  timeoutMs: number,
  everyMs = 25,
): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > end) {
      throw new Error(`not reached within ${timeoutMs} ms: ${typeof what === 'string' ? what : await what()}`);
    }
    await sleep(everyMs);
  }
}

/** A stored event as the scenarios read it back with SQL. */
export interface StoredRow {
  position: number;
  streamId: string;
  version: number;
  eventId: string;
  type: string;
  data: Record<string, unknown>;
  commandId: string;
}

/** Every event of a schema in position order (or those of streams starting with `prefix`). */
export async function storedEvents(pool: Pool, schema: string, prefix = ''): Promise<StoredRow[]> {
  const rows: StoredRow[] = [];
  let after = 0;
  for (;;) {
    const { rows: batch } = await pool.query<{
      position: string;
      stream_id: string;
      version: string;
      event_id: string;
      type: string;
      data: Record<string, unknown>;
      command_id: string;
    }>(
      `select position, stream_id, version, event_id, type, data, metadata->>'commandId' as command_id
       from "${schema}".events where position > $1 and stream_id like $2 order by position limit 10000`,
      [after, `${prefix}%`],
    );
    if (batch.length === 0) return rows;
    for (const r of batch) {
      rows.push({
        position: Number(r.position),
        streamId: r.stream_id,
        version: Number(r.version),
        eventId: r.event_id,
        type: r.type,
        data: r.data,
        commandId: r.command_id,
      });
    }
    after = rows.at(-1)!.position;
  }
}

/** Streams whose versions are not exactly 1..n, each with what is wrong. */
export function versionGaps(events: readonly StoredRow[]): string[] {
  const byStream = new Map<string, number[]>();
  for (const e of events) byStream.set(e.streamId, [...(byStream.get(e.streamId) ?? []), e.version]);
  const problems: string[] = [];
  for (const [stream, versions] of byStream) {
    const sorted = [...versions].sort((a, b) => a - b);
    if (sorted.some((v, i) => v !== i + 1)) problems.push(`${stream}: ${sorted.slice(0, 20).join(',')}`);
  }
  return problems;
}
