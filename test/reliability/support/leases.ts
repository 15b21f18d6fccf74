import type { Pool } from 'pg';

/** A lease row as the database holds it, times in ms since the epoch (the machine's clock, as `Date.now()`). */
export interface LeaseRow {
  readonly handler: string;
  readonly partition: number;
  /** The holding process, null once released. */
  readonly pid: number | null;
  readonly token: number;
  readonly acquiredAt: number;
  readonly expiresAt: number;
}

/** The lease rows of the handlers whose names start with `prefix`. */
export async function leaseRows(pool: Pool, schema: string, prefix: string): Promise<LeaseRow[]> {
  const { rows } = await pool.query<LeaseRow>(
    `select handler, partition, pid, token::float8 as token,
       (extract(epoch from acquired_at) * 1000)::float8 as "acquiredAt",
       (extract(epoch from expires_at) * 1000)::float8 as "expiresAt"
     from "${schema}".leases where handler like $1 order by handler, partition`,
    [`${prefix}%`],
  );
  return rows;
}

/** A partition taken over after a kill: how long the dead holder's lease still ran, and when the next holder took it. */
export interface Handoff {
  readonly handler: string;
  readonly partition: number;
  /** From the kill to the dead holder's lease expiry (at most a lease period: it renewed before it died). */
  readonly expiredAfterMs: number;
  /** From the kill to the new holder's acquisition of the lease. */
  readonly tookMs: number;
  /** The new holder's pid. */
  readonly by: number;
}

/**
 * Waits until every lease of `held` (the dead process's, as the kill found them) has a new
 * holder, and times each from `killedAt`. A lease seen moved by more than one acquisition is
 * timed by the last one seen (later, never earlier, than the first).
 */
export async function handoffs(
  pool: Pool,
  schema: string,
  prefix: string,
  held: readonly LeaseRow[],
  killedAt: number,
  timeoutMs: number,
): Promise<Handoff[]> {
  const pending = new Map(held.map((l) => [`${l.handler}#${l.partition}`, l]));
  const done: Handoff[] = [];
  const end = Date.now() + timeoutMs;
  while (pending.size > 0) {
    for (const row of await leaseRows(pool, schema, prefix)) {
      const key = `${row.handler}#${row.partition}`;
      const dead = pending.get(key);
      if (!dead || row.token === dead.token || row.pid === null) continue;
      pending.delete(key);
      const timed = { expiredAfterMs: dead.expiresAt - killedAt, tookMs: row.acquiredAt - killedAt, by: row.pid };
      done.push({ handler: row.handler, partition: row.partition, ...timed });
    }
    if (pending.size === 0) break;
    if (Date.now() > end) {
      throw new Error(`not taken over within ${timeoutMs} ms: ${[...pending.keys()].join(', ')}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  return done;
}
