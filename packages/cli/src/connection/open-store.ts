import { createEmbeddedStore, PostgresEventStore } from '@edict/postgres';
import { usageError } from '../cli-error';
import type { GlobalOptions } from './global-options';

/**
 * The store the options name: `--embedded <dir>` (a PGlite data directory, held exclusively
 * while the command runs) or `--database-url` / `DATABASE_URL`. Never migrates on its own:
 * only `edict migrate` changes the schema.
 */
export async function openStore(options: GlobalOptions, env: NodeJS.ProcessEnv): Promise<PostgresEventStore> {
  const schema = options.schema ?? env.EDICT_SCHEMA;
  if (options.embedded !== undefined) {
    if (options.databaseUrl !== undefined) {
      throw usageError('Give --embedded <dir> or --database-url, not both');
    }
    return createEmbeddedStore({ dataDir: options.embedded, migrate: false, ...(schema ? { schema } : {}) });
  }
  const url = options.databaseUrl ?? env.DATABASE_URL;
  if (!url) {
    throw usageError(
      'No database given: pass --database-url <url> (or set DATABASE_URL), or --embedded <dir> for a PGlite data directory',
    );
  }
  return new PostgresEventStore({
    connectionString: url,
    migrate: false,
    poolConfig: { max: 2, connectionTimeoutMillis: 10_000 },
    ...(schema ? { schema } : {}),
  });
}

/** The options' connection, for messages: the URL without its password. */
export function describeConnection(options: GlobalOptions, env: NodeJS.ProcessEnv): string {
  if (options.embedded !== undefined) return `embedded ${options.embedded}`;
  const url = options.databaseUrl ?? env.DATABASE_URL ?? '';
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return '(a connection string that is not a URL)';
  }
}
