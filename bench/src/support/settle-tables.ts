import type { Pool } from 'pg';
import { quoteSchema } from './database';

const TABLES = `select tablename from pg_tables where schemaname = $1 order by tablename`;

/**
 * Brings freshly seeded tables to the same state before every run of every side: statistics
 * gathered (`vacuum analyze`, so that plans are those of a table in use) and, when the role
 * may (`checkpoint`, see `canCheckpoint`), a checkpoint, so that each run starts with its
 * full-page writes ahead of it, where the warm-up takes them.
 */
export async function settleTables(admin: Pool, schema: string, checkpoint: boolean): Promise<void> {
  const S = quoteSchema(schema);
  const { rows } = await admin.query<{ tablename: string }>(TABLES, [schema]);
  if (rows.length > 0) {
    await admin.query(`vacuum (analyze) ${rows.map((r) => `${S}.${quoteSchema(r.tablename)}`).join(', ')}`);
  }
  if (checkpoint) await admin.query('checkpoint');
}

/** SQLSTATE insufficient_privilege: CHECKPOINT needs a superuser or pg_checkpoint. */
const INSUFFICIENT_PRIVILEGE = '42501';

/** Whether this role may CHECKPOINT (tried once); the runs go on without when it may not. */
export async function canCheckpoint(admin: Pool): Promise<boolean> {
  try {
    await admin.query('checkpoint');
    return true;
  } catch (error) {
    if ((error as { code?: string }).code === INSUFFICIENT_PRIVILEGE) return false;
    throw error;
  }
}
