import type { Pool, PoolClient } from 'pg';
import { channelOf, quoteSchema } from './schema-name';
import { migrations } from './migrations';

export interface MigrateOptions {
  /** Schema to create or upgrade. Default `edict`. */
  readonly schema?: string;
}

/**
 * Creates or upgrades Edict's tables in one schema. Safe when several processes start at once:
 * migrations run one process at a time under an advisory lock, each in its own transaction,
 * and those already applied are skipped. Returns the versions it applied.
 *
 * @example
 * await migrate(pool, { schema: 'tenant_42' });
 */
export async function migrate(pool: Pool, options: MigrateOptions = {}): Promise<number[]> {
  const schema = options.schema ?? 'edict';
  const S = quoteSchema(schema);
  const lockKey = `edict.migrate.${schema}`;
  const client: PoolClient = await pool.connect();
  const applied: number[] = [];
  let broken: Error | undefined;
  const onError = (error: Error) => (broken ??= error);
  client.on('error', onError);
  try {
    await client.query('select pg_advisory_lock(hashtextextended($1, 0))', [lockKey]);
    try {
      await client.query(`create schema if not exists ${S}`);
      await client.query(
        `create table if not exists ${S}.migrations (version integer primary key, name text not null, applied_at timestamptz not null default now())`,
      );
      const done = new Set(
        (await client.query<{ version: number }>(`select version from ${S}.migrations`)).rows.map((r) => r.version),
      );
      for (const m of migrations()) {
        if (done.has(m.version)) continue;
        const sql = m.sql.replaceAll('{S}', S).replaceAll('{CHANNEL}', channelOf(schema));
        await client.query('begin');
        try {
          await client.query(sql);
          await client.query(`insert into ${S}.migrations (version, name) values ($1, $2)`, [m.version, m.name]);
          await client.query('commit');
        } catch (error) {
          await client.query('rollback');
          throw error;
        }
        applied.push(m.version);
      }
    } finally {
      await client.query('select pg_advisory_unlock(hashtextextended($1, 0))', [lockKey]);
    }
  } finally {
    client.off('error', onError);
    client.release(broken);
  }
  return applied;
}
