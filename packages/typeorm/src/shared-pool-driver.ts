import { EventEmitter } from 'node:events';
import * as pg from 'pg';
import { InvalidArgumentError } from '@edict/core';

/** What `sharedPoolDriver` borrows from: a `PostgresEventStore` (or anything with a `pg` Pool). */
export interface PoolOwner {
  readonly pool: pg.Pool;
}

/**
 * TypeORM's `driver` option for a `postgres` DataSource that runs on the event store's own
 * `pg` Pool: TypeORM borrows the store's connections and never ends the pool (the store does,
 * when it closes).
 *
 * This is how read models run on the embedded store (`createEmbeddedStore`): PGlite is one
 * PostgreSQL session in the process, so every statement and transaction, the store's and
 * TypeORM's, must go through its one connection. A DataSource of its own would open a second
 * connection to the same session, whose statements would interleave with the store's
 * transactions. On a PostgreSQL server it is optional: it saves the DataSource a pool of its own.
 *
 * @example
 * const store = await createEmbeddedStore({ dataDir: './data' });
 * const dataSource = await new DataSource({
 *   type: 'postgres',
 *   driver: sharedPoolDriver(store),
 *   schema: store.schema,
 *   entities: [AccountBalance],
 *   synchronize: true,
 * }).initialize();
 */
export function sharedPoolDriver(owner: PoolOwner): typeof pg {
  const given = (owner as Partial<PoolOwner> | null | undefined)?.pool;
  if (typeof given?.connect !== 'function') {
    throw new InvalidArgumentError(
      'sharedPoolDriver argument',
      'must be a PostgresEventStore (an object with a pg `pool`)',
    );
  }
  const pool = given;
  // TypeORM's postgres driver uses only `connect`, `on('error')` and `end` of its pool, and
  // `defaults` of the module; the connection settings it passes to `new Pool()` are ignored.
  class SharedPool extends EventEmitter {
    connect(
      callback: (error: Error | undefined, client: pg.PoolClient | undefined, release: () => void) => void,
    ): void {
      pool.connect((error, client, release) => callback(error, client, () => release()));
    }

    /** The store ends the pool when it closes. */
    end(callback?: (error?: Error) => void): Promise<void> {
      callback?.();
      return Promise.resolve();
    }
  }
  return { ...pg, Pool: SharedPool as unknown as typeof pg.Pool };
}
