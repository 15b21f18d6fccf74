import type { ClientConfig, Pool, PoolConfig } from 'pg';
import { InvalidOptionsError, type Logger } from '@edict/core';
import { checkOptionKeys } from '@edict/core/spi';

/** Options of `PostgresEventStore`. */
export interface PostgresEventStoreOptions {
  /** A `pg` Pool the application owns (closing the store does not end it). */
  readonly pool?: Pool;
  /** Or a connection string: the store creates and owns its pool. */
  readonly connectionString?: string;
  /** Pool settings when the store creates the pool. */
  readonly poolConfig?: Omit<PoolConfig, 'connectionString'>;
  /** Schema holding Edict's tables. Default `edict`; one schema per tenant works. */
  readonly schema?: string;
  /** Run the migrations on first use. Default true; otherwise call `migrate()` yourself. */
  readonly migrate?: boolean;
  /**
   * How other processes' appends are noticed and handler leases held: `'postgres'` (default)
   * uses one dedicated connection for LISTEN/NOTIFY and session advisory locks, so handlers
   * run once across all processes; `'in-process'` relies on in-process wake-ups and polling,
   * with leases local to this process: only for a single process (embedded PGlite, tools).
   */
  readonly coordination?: 'postgres' | 'in-process';
  /**
   * Connection settings of the dedicated LISTEN/lock connection, when they differ from the
   * pool's: e.g. the pool goes through a transaction-mode pooler, this one straight to the server.
   */
  readonly sessionConfig?: ClientConfig;
  /**
   * Group commit (default true): appends that arrive while another is being committed share
   * the next transaction, each with its own concurrency check and outcome.
   */
  readonly groupCommit?: boolean;
  /**
   * Run the append statements as named prepared statements (default true): each connection
   * parses and plans them once instead of on every append. Set false behind a pooler that
   * does not keep prepared statements across transactions (PgBouncer in transaction mode
   * before 1.21, or with `max_prepared_statements = 0`).
   */
  readonly preparedStatements?: boolean;
  /** Called when the store is closed, after its own connections (e.g. to close PGlite). */
  readonly onClose?: () => Promise<void>;
  readonly logger?: Logger;
}

const OPTIONS = [
  'pool',
  'connectionString',
  'poolConfig',
  'schema',
  'migrate',
  'coordination',
  'sessionConfig',
  'groupCommit',
  'preparedStatements',
  'onClose',
  'logger',
];

/** Refuses unknown options, and options that name no database, before anything is opened. */
export function checkStoreOptions(options: PostgresEventStoreOptions): void {
  checkOptionKeys('PostgresEventStore', options, OPTIONS);
  if (!options.pool && !options.connectionString) {
    throw new InvalidOptionsError('PostgresEventStore', 'pool', OPTIONS, 'or `connectionString` is needed');
  }
}
