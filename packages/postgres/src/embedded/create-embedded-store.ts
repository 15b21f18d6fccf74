import { Pool } from 'pg';
import { MissingPeerDependencyError, type Logger } from '@edict/core';
import { checkOptionKeys } from '@edict/core/spi';
import { peerRange } from '../peers/manifest';
import { PostgresEventStore } from '../store/postgres-event-store';
import { quoteSchema } from '../schema/schema-name';
import { lockDataDirectory, type DataDirectoryLock } from './data-directory-lock';
import type * as PGliteModule from '@electric-sql/pglite';
import type * as PGliteAdapter from '@electric-sql/pglite/node-postgres';

const PGLITE = '@electric-sql/pglite';

/** Options of `createEmbeddedStore`. */
export interface EmbeddedStoreOptions {
  /** Directory holding the database; in memory (lost at exit) when not given. */
  readonly dataDir?: string;
  readonly schema?: string;
  /** Run the migrations when the store opens. Default true; tools that only look pass false. */
  readonly migrate?: boolean;
  readonly logger?: Logger;
}

/**
 * The PostgreSQL event store on PGlite: real PostgreSQL compiled to WebAssembly, running in
 * this process, so nothing needs to be installed or started. One process, one connection:
 * for examples, demos, tests and single-process tools. A `dataDir` is held by one store at a
 * time (`DataDirectoryInUseError` for a second, in this process or another) until `close()`. Production uses `PostgresEventStore`
 * on a PostgreSQL server. Needs the `@electric-sql/pglite` package.
 *
 * @example
 * const store = await createEmbeddedStore({ dataDir: './data' });
 */
export async function createEmbeddedStore(options: EmbeddedStoreOptions = {}): Promise<PostgresEventStore> {
  checkOptionKeys('createEmbeddedStore', options, ['dataDir', 'schema', 'migrate', 'logger']);
  // Checked before PGlite starts (seconds) and before anything is read or written.
  if (options.schema !== undefined) quoteSchema(options.schema);
  let pglite: typeof PGliteModule;
  let adapter: typeof PGliteAdapter;
  try {
    pglite = await import('@electric-sql/pglite');
    adapter = await import('@electric-sql/pglite/node-postgres');
  } catch (error) {
    const code = (error as { code?: unknown } | null)?.code;
    if (code !== 'MODULE_NOT_FOUND' && code !== 'ERR_MODULE_NOT_FOUND') throw error;
    throw new MissingPeerDependencyError(
      '@edict/postgres (createEmbeddedStore)',
      [{ name: PGLITE, range: peerRange(PGLITE) }],
      { cause: error },
    );
  }
  // One process per data directory, checked before PGlite reads or writes anything in it.
  const lock = options.dataDir !== undefined ? await lockEmbeddedDataDir(options.dataDir) : undefined;
  let store: PostgresEventStore;
  try {
    const db = await pglite.PGlite.create(options.dataDir);
    // PGlite is one session: a pool of one connection keeps every statement and transaction whole.
    const pool = new Pool({ ...adapter.createPgConfig(db), max: 1 });
    store = new PostgresEventStore({
      pool,
      coordination: 'in-process',
      migrate: options.migrate ?? true,
      ...(options.schema !== undefined ? { schema: options.schema } : {}),
      ...(options.logger ? { logger: options.logger } : {}),
      onClose: async () => {
        try {
          await pool.end();
          await db.close();
        } finally {
          lock?.release();
        }
      },
    });
  } catch (error) {
    lock?.release();
    throw error;
  }
  try {
    if (options.migrate ?? true) await store.migrate();
  } catch (error) {
    await store.close();
    throw error;
  }
  return store;
}

/**
 * The lock of a PGlite data directory given as a path (or `file://` URL); none for PGlite's
 * in-memory directories (`memory://`), which no other process can open.
 */
function lockEmbeddedDataDir(dataDir: string): Promise<DataDirectoryLock | undefined> {
  if (dataDir.startsWith('memory://')) return Promise.resolve(undefined);
  return lockDataDirectory(dataDir.startsWith('file://') ? dataDir.slice('file://'.length) : dataDir);
}
