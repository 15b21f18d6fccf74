import { Pool, type ClientConfig, type PoolConfig } from 'pg';
import type { Logger } from '@edict/core/spi';
import { isConnectionError } from '../errors/is-connection-error';
import { mapPgError, type AppendErrorContext } from '../errors/map-pg-error';

/** Where the store's connections come from: a pool it is given, or the settings of its own. */
export interface ConnectionSettings {
  readonly pool?: Pool | undefined;
  readonly connectionString?: string | undefined;
  readonly poolConfig?: Omit<PoolConfig, 'connectionString'> | undefined;
  /** Settings of the dedicated connection, when they differ from the pool's. */
  readonly sessionConfig?: ClientConfig | undefined;
}

/** A statement: its text, and its name when it runs as a named prepared statement. */
export interface Statement {
  readonly text: string;
  readonly name?: string | undefined;
}

/** What a statement was doing, so that its failure becomes an error naming it. */
export interface Failure {
  readonly operation: string;
  readonly append?: AppendErrorContext;
}

const guardedPools = new WeakSet<Pool>();

/**
 * The store's pool (the one given, or its own, which it ends on `end()`) and the one way the
 * store runs a statement. The settings a connection outside the pool needs are kept here.
 */
export class Connection {
  readonly pool: Pool;
  /** Settings of a connection opened outside the pool (the dedicated LISTEN/lock connection). */
  readonly sessionConfig: ClientConfig;
  private readonly ownsPool: boolean;

  /** `settings` must hold a pool or a connection string (the store's options check that). */
  constructor(settings: ConnectionSettings, logger: Logger) {
    if (settings.pool) {
      this.pool = settings.pool;
      this.ownsPool = false;
      // The settings the given pool creates its clients with (a public field of pg's Pool).
      this.sessionConfig = settings.sessionConfig ?? settings.pool.options;
    } else {
      const config: PoolConfig = { ...settings.poolConfig, connectionString: settings.connectionString };
      this.pool = new Pool(config);
      this.ownsPool = true;
      this.sessionConfig = settings.sessionConfig ?? config;
    }
    // An idle client's error (server restart) must not crash the process; the next query reconnects.
    if (!guardedPools.has(this.pool)) {
      guardedPools.add(this.pool);
      this.pool.on('error', (error) =>
        logger.warn('Edict: an idle PostgreSQL connection failed', { error: error.message }),
      );
    }
  }

  /**
   * Runs one statement on a pooled connection and returns its rows; a driver error comes back
   * as the Edict error `mapPgError` makes of it. Unlike `pool.query`, a statement's own error
   * (a version conflict, say) returns the connection to the pool; only a broken one is discarded.
   */
  async query<R extends object>(statement: Statement, values: unknown[], failure: Failure): Promise<R[]> {
    let client;
    try {
      client = await this.pool.connect();
    } catch (error) {
      throw mapPgError(error, failure.operation, failure.append);
    }
    let broken: Error | undefined;
    // The server's goodbye can arrive with no query in flight; unheard, it would crash the process.
    const onError = (error: Error) => (broken ??= error);
    client.on('error', onError);
    try {
      const { text, name } = statement;
      return (await client.query<R>(name === undefined ? { text, values } : { name, text, values })).rows;
    } catch (error) {
      if (isConnectionError(error)) broken ??= error as Error;
      throw mapPgError(error, failure.operation, failure.append);
    } finally {
      client.off('error', onError);
      client.release(broken);
    }
  }

  /** Ends the pool if the store created it; a pool the application gave stays open. */
  async end(): Promise<void> {
    if (this.ownsPool) await this.pool.end();
  }
}
