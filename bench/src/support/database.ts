import type { Pool } from 'pg';

/** The suite's own schemas; nothing else in the database is touched. */
export const EDICT_SCHEMA = 'edict_bench';
export const RAW_SCHEMA = 'edict_bench_raw';

/** `DATABASE_URL`, or a message saying how to set it. */
export function databaseUrl(): string {
  const url = process.env.DATABASE_URL;
  if (!url) {
    throw new Error(
      'DATABASE_URL is not set. The benchmarks need a real PostgreSQL, e.g. ' +
        'DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npm run bench',
    );
  }
  return url;
}

/** A schema or table name of this suite, checked and double-quoted for SQL. */
export function quoteSchema(name: string): string {
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(name)) throw new Error(`not a plain name: ${name}`);
  return `"${name}"`;
}

export async function dropSchema(pool: Pool, name: string): Promise<void> {
  await pool.query(`drop schema if exists ${quoteSchema(name)} cascade`);
}

/** The channel the latency baseline notifies on. */
export const RAW_CHANNEL = 'edict_bench_raw_events';
