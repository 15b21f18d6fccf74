import type { Edict } from '@edict/core';
import type { PostgresEventStore } from '@edict/postgres';
import { createBank } from './app';
import { openDatabase, type DatabaseConfig } from './database/open-database';
import { BankQueries } from './read-models/bank-queries';

/** A bank running on a database: what the demo, the HTTP server and the HTTP tests use. */
export interface RunningBank {
  readonly edict: Edict;
  readonly store: PostgresEventStore;
  readonly queries: BankQueries;
  /** Where the data lives, for people. */
  readonly description: string;
  /** Stops the application (draining its handlers), then closes the database. */
  stop(): Promise<void>;
}

/**
 * Opens the database (PostgreSQL or PGlite, see `openDatabase`) and starts the bank on it,
 * with its read models.
 *
 * @example
 * const bank = await startBank({ databaseUrl: process.env.DATABASE_URL });
 * await bank.edict.dispatch(new OpenAccount(id, 'Ada', 'EUR'), { consistency: 'strong' });
 * console.log(await bank.queries.account(id));
 * await bank.stop();
 */
export async function startBank(config: DatabaseConfig): Promise<RunningBank> {
  const database = await openDatabase(config);
  let edict: Edict;
  try {
    edict = await createBank(database.store, { dataSource: database.dataSource });
  } catch (error) {
    await database.close();
    await database.store.close();
    throw error;
  }
  return {
    edict,
    store: database.store,
    queries: new BankQueries(database.dataSource),
    description: database.description,
    stop: async () => {
      await edict.stop(); // first: the projections use the DataSource until they stop
      await database.close();
    },
  };
}
