import type { Pool } from 'pg';
import { consoleLogger } from '@edict/core';
import { CheckedEventStore } from '@edict/core/spi';
import { Appender } from '../append/appender';
import { appendStatements } from '../append/append-statements';
import { Connection } from '../connection/connection';
import { Requests } from '../connection/requests';
import { Coordination } from '../coordination/coordination';
import { MigrationGate } from '../schema/migration-gate';
import { quoteSchema } from '../schema/schema-name';
import { PostgresAggregateState } from '../tables/postgres-aggregate-state';
import { PostgresHandlerState } from '../tables/postgres-handler-state';
import { PostgresLog } from '../tables/postgres-log';
import { PostgresSubjectKeys } from '../tables/postgres-subject-keys';
import { PostgresTruncations } from '../tables/postgres-truncations';
import { checkStoreOptions, type PostgresEventStoreOptions } from './postgres-event-store-options';

/**
 * The event store on PostgreSQL (or PGlite): atomic appends with optimistic concurrency in one
 * round trip, a global log whose positions commit in order, checkpoints, snapshots, dead
 * letters, cluster-wide handler leases and wake-ups through LISTEN/NOTIFY.
 *
 * @example
 * const store = new PostgresEventStore({ connectionString: process.env.DATABASE_URL });
 * const edict = await Edict.create({ store, aggregates: [Account] });
 */
export class PostgresEventStore extends CheckedEventStore {
  readonly schema: string;
  /**
   * The `pg` Pool the store queries through: the one given, or the one it created (and ends
   * on `close()`). On the embedded store it is PGlite's only connection, which anything else
   * on that database (TypeORM's read models: `sharedPoolDriver` of @edict/typeorm) must share.
   * Never end it yourself.
   */
  readonly pool: Pool;
  private readonly gate: MigrationGate;
  private readonly requests: Requests;

  constructor(options: PostgresEventStoreOptions) {
    checkStoreOptions(options);
    const schema = options.schema ?? 'edict';
    const S = quoteSchema(schema);
    const logger = options.logger ?? consoleLogger;
    const connection = new Connection(options, logger);
    const gate = new MigrationGate(connection.pool, schema, options.migrate ?? true);
    const requests = new Requests(connection, () => gate.ready());
    const coordination = new Coordination(options.coordination ?? 'postgres', connection.sessionConfig, schema, logger);
    const appender = new Appender(
      connection,
      appendStatements(S, schema, options.preparedStatements ?? true),
      options.groupCommit ?? true,
    );
    let closing: Promise<void> | undefined;
    super({
      log: new PostgresLog(S, requests, appender, coordination),
      handlerState: new PostgresHandlerState(S, schema, requests),
      aggregateState: new PostgresAggregateState(S, requests),
      subjectKeys: new PostgresSubjectKeys(S, requests),
      truncations: new PostgresTruncations(S, requests),
      // Refuses new requests (`StoreClosedError`), lets those under way finish, then closes the
      // dedicated connection, the pool if the store owns it, and calls `onClose`. Once.
      close: () =>
        (closing ??= (async () => {
          await requests.close();
          await coordination.close();
          await connection.end();
          await options.onClose?.();
        })()),
    });
    this.schema = schema;
    this.pool = connection.pool;
    this.gate = gate;
    this.requests = requests;
  }

  /** Runs the migrations now (otherwise they run on first use when `migrate` is not false). */
  migrate(): Promise<void> {
    return this.requests.admitMigration('migrate', () => this.gate.migrate());
  }
}
