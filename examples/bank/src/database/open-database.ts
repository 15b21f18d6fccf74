import { createEmbeddedStore, PostgresEventStore } from '@edict/postgres';
import { sharedPoolDriver } from '@edict/typeorm';
import { DataSource } from 'typeorm';
import { readModelOptions } from '../read-models/read-model-options';

/** Where the bank keeps its events and read models. */
export interface DatabaseConfig {
  /** A PostgreSQL server. When not given, the embedded PGlite. */
  readonly databaseUrl?: string;
  /** PGlite's directory, when on PGlite; in memory (gone at exit) when not given. */
  readonly dataDir?: string;
  /** The schema of the events and the read models. Default `bank`. */
  readonly schema?: string;
}

/** The event store and the read models' DataSource, on one database. */
export interface BankDatabase {
  readonly store: PostgresEventStore;
  /** Initialized, with the read models' tables migrated. */
  readonly dataSource: DataSource;
  /** Where the data lives, for people. */
  readonly description: string;
  /** Closes the DataSource. The store is closed by `edict.stop()` (or its own `close()`). */
  close(): Promise<void>;
}

/**
 * Opens the bank's database: PostgreSQL when `databaseUrl` is given, otherwise PGlite (in
 * `dataDir`). Either way the events and the read models share the database, so each
 * projection's writes commit with its checkpoint. The store's migrations run first: they
 * create the schema in which TypeORM's migrations then create the read models' tables.
 *
 * @example
 * const { store, dataSource } = await openDatabase({ databaseUrl: process.env.DATABASE_URL });
 */
export async function openDatabase(config: DatabaseConfig): Promise<BankDatabase> {
  const schema = config.schema ?? 'bank';
  return config.databaseUrl === undefined
    ? openPglite(schema, config.dataDir)
    : openPostgres(schema, config.databaseUrl);
}

async function openPostgres(schema: string, url: string): Promise<BankDatabase> {
  const store = new PostgresEventStore({ connectionString: url, schema });
  return withReadModels(
    store,
    new DataSource({ ...readModelOptions(schema), url }),
    `PostgreSQL (DATABASE_URL), schema ${schema}`,
  );
}

/**
 * PGlite is one session: TypeORM runs on the embedded store's one-connection pool
 * (`sharedPoolDriver`), so the store's and the projections' transactions never interleave.
 */
async function openPglite(schema: string, dataDir: string | undefined): Promise<BankDatabase> {
  const store = await createEmbeddedStore({ schema, ...(dataDir === undefined ? {} : { dataDir }) });
  const dataSource = new DataSource({ ...readModelOptions(schema), driver: sharedPoolDriver(store) });
  return withReadModels(store, dataSource, `embedded PostgreSQL (PGlite) in ${dataDir ?? 'memory'}`);
}

async function withReadModels(
  store: PostgresEventStore,
  dataSource: DataSource,
  description: string,
): Promise<BankDatabase> {
  try {
    await store.migrate();
    await dataSource.initialize();
  } catch (error) {
    if (dataSource.isInitialized) await dataSource.destroy();
    await store.close();
    throw error;
  }
  return {
    store,
    dataSource,
    description,
    close: async () => {
      if (dataSource.isInitialized) await dataSource.destroy();
    },
  };
}
