import { EventEmitter } from 'node:events';
import * as pg from 'pg';

/**
 * The `pg` module as TypeORM's `driver` option, except that its `Pool` is `pool`, shared with
 * the event store, which owns it: TypeORM borrows its connections and never ends it.
 *
 * This is how the read models run on PGlite: PGlite is one PostgreSQL session in this process,
 * so every statement and transaction, the store's and TypeORM's, has to go through the same
 * one-connection pool (a second connection would interleave its statements with the store's
 * transactions). TypeORM's `postgres` driver uses only `connect`, `on('error')` and `end` of
 * its pool.
 *
 * @example
 * const dataSource = new DataSource({ type: 'postgres', driver: borrowedPoolDriver(pool), entities });
 */
export function borrowedPoolDriver(pool: pg.Pool): typeof pg {
  class BorrowedPool extends EventEmitter {
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
  return { ...pg, Pool: BorrowedPool as unknown as typeof pg.Pool };
}
