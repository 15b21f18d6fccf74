import type { Pool } from 'pg';
import { migrations, type Migration } from '@edict/postgres/spi';
import { CliError } from '../cli-error';
import { ExitCode } from '../exit-codes';

/** How far a schema's migrations are: the versions applied and those still to run. */
export interface SchemaState {
  readonly applied: readonly number[];
  readonly pending: readonly Migration[];
}

const quote = (schema: string) => `"${schema.replaceAll('"', '""')}"`;

/** Reads the schema's migrations table (none: every migration is pending). */
export async function schemaState(pool: Pool, schema: string): Promise<SchemaState> {
  const exists = await pool.query<{ found: boolean }>(
    `select exists (select 1 from information_schema.tables where table_schema = $1 and table_name = 'migrations') as found`,
    [schema],
  );
  const applied = exists.rows[0]?.found
    ? (
        await pool.query<{ version: number }>(`select version from ${quote(schema)}.migrations order by version`)
      ).rows.map((r) => r.version)
    : [];
  return { applied, pending: migrations().filter((m) => !applied.includes(m.version)) };
}

/** Refuses to go on with a schema that lacks Edict's tables or is behind this version of Edict. */
export async function requireMigrated(pool: Pool, schema: string): Promise<void> {
  const { applied, pending } = await schemaState(pool, schema);
  if (applied.length === 0) {
    throw new CliError(
      `The schema '${schema}' holds no Edict tables: run \`edict migrate\` (or check --schema)`,
      ExitCode.SCHEMA,
      'SCHEMA_MISSING',
    );
  }
  if (pending.length > 0) {
    const list = pending.map((m) => `${m.version} (${m.name})`).join(', ');
    throw new CliError(
      `The schema '${schema}' is behind: migration ${list} not applied; run \`edict migrate\``,
      ExitCode.SCHEMA,
      'SCHEMA_BEHIND',
    );
  }
}
