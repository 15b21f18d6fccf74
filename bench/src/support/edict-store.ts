import { PostgresEventStore } from '@edict/postgres';
import type { Pool } from 'pg';
import { dropSchema } from './database';

/**
 * A PostgresEventStore on a fresh schema, migrated before any clock starts. The store owns its
 * pool (`poolSize` connections, or pg's default); `Edict.stop()` closes it.
 */
export async function freshEdictStore(
  admin: Pool,
  url: string,
  schema: string,
  poolSize?: number,
): Promise<PostgresEventStore> {
  await dropSchema(admin, schema);
  const store = new PostgresEventStore({
    connectionString: url,
    schema,
    ...(poolSize !== undefined ? { poolConfig: { max: poolSize } } : {}),
  });
  await store.migrate();
  return store;
}
