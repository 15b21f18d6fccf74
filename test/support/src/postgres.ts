import { Pool } from 'pg';
import { PostgresEventStore, type PostgresEventStoreOptions } from '@edict/postgres';

export const DATABASE_URL = process.env.DATABASE_URL;

/**
 * `describe` when DATABASE_URL is set, `describe.skip` otherwise (the run reports the skip).
 * Jest's globals are looked up when it is called, so that child processes may load this module.
 */
export const describePostgres = (name: string, suite: () => void): void =>
  (DATABASE_URL ? describe : describe.skip)(name, suite);

let counter = 0;
/** A schema name unique to this test file and process: files run in parallel without meeting. */
export function uniqueSchema(prefix: string): string {
  counter++;
  return `t_${prefix}_${process.pid}_${counter}_${Math.floor(Math.random() * 1e6)}`.slice(0, 48);
}

export function testPool(max = 10): Pool {
  const pool = new Pool({ connectionString: DATABASE_URL, max });
  pool.on('error', () => undefined);
  return pool;
}

export async function dropSchema(pool: Pool, schema: string): Promise<void> {
  await pool.query(`drop schema if exists "${schema}" cascade`);
}

/** A store in a fresh schema; `dispose` closes it and drops the schema. */
export async function freshStore(
  pool: Pool,
  prefix: string,
  options: Partial<PostgresEventStoreOptions> = {},
): Promise<{ store: PostgresEventStore; schema: string; dispose(): Promise<void> }> {
  const schema = uniqueSchema(prefix);
  const store = new PostgresEventStore({ pool, schema, ...options });
  await store.migrate();
  return {
    store,
    schema,
    dispose: async () => {
      await store.close();
      await dropSchema(pool, schema);
    },
  };
}
export { runOutOfOrderWriters } from './out-of-order-writers';
export type { OutOfOrderWriters } from './out-of-order-writers';
