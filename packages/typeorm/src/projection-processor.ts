import { LeaseLostError, StoreUnavailableError } from '@edict/core';
import type {
  EventContext,
  EventProcessor,
  EventStore,
  LeaseFence,
  PluginEnvironment,
  PluginHandler,
} from '@edict/core/spi';
import { checkpointStatements, isConnectionError, leaseStatements } from '@edict/postgres/spi';
import type { DataSource, EntityManager } from 'typeorm';
import { CheckpointTableMissingError } from './errors';
import { quoteSchemaOption } from './schema-option';

/** Where a projection's checkpoint advances: see `TypeormProjectionsOptions.checkpoint`. */
export type CheckpointMode = 'transaction' | 'store';

export interface ProjectionProcessorConfig {
  readonly dataSource: DataSource;
  /** Undefined: the schema of the application's `PostgresEventStore`, else `edict`. */
  readonly schema: string | undefined;
  readonly checkpoint: CheckpointMode;
  /** The options `typeormProjections` accepts, for error messages. */
  readonly validOptions: readonly string[];
}

type ProjectionInstance = Record<string, unknown> & {
  reset?: (manager: EntityManager) => unknown;
};
type OnMethod = (event: object, ctx: EventContext, manager: EntityManager) => unknown;

const UNDEFINED_TABLE = '42P01';

/** The schema a `PostgresEventStore` was given (it exposes it as `schema`). */
function storeSchema(store: EventStore): string | undefined {
  const schema = (store as { schema?: unknown }).schema;
  return typeof schema === 'string' ? schema : undefined;
}

/**
 * Processes one projection's events. With `checkpoint: 'transaction'`, each event (or each run
 * of events, during catch-up) runs in one TypeORM transaction that locks the projection's
 * checkpoint row, skips the events at or below it, calls the `@On` methods with the
 * transaction's manager, and moves the row to the last event: the read-model writes and the
 * checkpoint commit together, so an event redelivered (after a crash, or to a consumer that
 * lost its lease) changes nothing; and the transaction first checks the handler's lease (its
 * fence, locked to the commit), so a holder fenced out by another process commits nothing.
 */
export function projectionProcessor(
  handler: PluginHandler,
  env: PluginEnvironment,
  config: ProjectionProcessorConfig,
): EventProcessor {
  const { dataSource, checkpoint } = config;
  const schema = config.schema ?? storeSchema(env.store) ?? 'edict';
  const S = quoteSchemaOption('typeormProjections', schema, config.validOptions);
  // The store's own statements on its checkpoints table, run in the projection's transaction.
  const sql = checkpointStatements(S);
  const fenceSql = leaseStatements(S).fence;
  const name = handler.name;
  const instance = handler.instance as ProjectionInstance;

  /**
   * A transaction on the DataSource. A lost connection becomes a StoreUnavailableError, which
   * the subscription treats as an outage (back off and resume), not as the event's failure.
   */
  const inTransaction = async (work: (manager: EntityManager) => Promise<void>): Promise<void> => {
    try {
      await dataSource.transaction(work);
    } catch (error) {
      throw isConnectionError(error) ? new StoreUnavailableError(`projection ${name}`, error) : error;
    }
  };

  /** A checkpoint statement; a missing table becomes an error that says what to do. */
  const checkpointQuery = async (manager: EntityManager, statement: string, params: unknown[]) => {
    try {
      return (await manager.query(statement, params)) as unknown;
    } catch (error) {
      if ((error as { code?: unknown }).code === UNDEFINED_TABLE) {
        throw new CheckpointTableMissingError(name, schema, error);
      }
      throw error;
    }
  };

  /**
   * Fails the transaction (nothing committed) unless `lease` is still current; the lease row
   * stays locked (shared) to the commit, so no other process takes the lease in between.
   */
  const checkFence = async (manager: EntityManager, lease: LeaseFence | undefined): Promise<void> => {
    if (!lease) return;
    const { handler: h, partition, ownerId, token } = lease;
    const rows = (await checkpointQuery(manager, fenceSql, [h, partition, ownerId, token])) as { current: boolean }[];
    // No row: the leases are another store's (an in-memory one), which fences the checkpoint.
    if (rows[0] && !rows[0].current) throw new LeaseLostError(h, partition, token);
  };

  /** Locks the checkpoint row (creating it at 0 the first time) and returns its position. */
  const lockCheckpoint = async (manager: EntityManager): Promise<number> => {
    let rows = (await checkpointQuery(manager, sql.lock, [name])) as { position: string }[];
    if (rows.length === 0) {
      await checkpointQuery(manager, sql.create, [name]);
      rows = (await checkpointQuery(manager, sql.lock, [name])) as { position: string }[];
    }
    return Number(rows[0]!.position);
  };

  return {
    // A DataSource that cannot see the checkpoints table fails the projection before its
    // first event, rather than after that event's retries.
    async start() {
      if (checkpoint !== 'transaction') return;
      let rows: { found: string | null }[];
      try {
        rows = await dataSource.query<{ found: string | null }[]>(sql.exists, [`${S}.checkpoints`]);
      } catch (error) {
        throw isConnectionError(error) ? new StoreUnavailableError(`projection ${name}`, error) : error;
      }
      if (!rows[0]?.found) throw new CheckpointTableMissingError(name, schema);
    },

    async process(event, ctx, recorded, lease) {
      const method = instance[handler.on.get(ctx.eventType)!] as OnMethod;
      await inTransaction(async (manager) => {
        if (checkpoint === 'transaction') {
          await checkFence(manager, lease);
          // At or past this event: it was applied and committed already.
          if ((await lockCheckpoint(manager)) >= recorded.position) return;
        }
        await method.call(instance, event, ctx, manager);
        if (checkpoint === 'transaction') await checkpointQuery(manager, sql.advance, [name, recorded.position]);
      });
    },

    // A run of events in one transaction: the checkpoint row locked once and moved once, to the
    // last event applied; one commit. A throw rolls all of it back, and the subscription then
    // delivers the run again through `process`, one event per transaction.
    async processBatch(items, lease) {
      await inTransaction(async (manager) => {
        if (checkpoint === 'transaction') await checkFence(manager, lease);
        // With checkpoint: 'store' no row is locked, so nothing is skipped: at least once.
        const applied = checkpoint === 'transaction' ? await lockCheckpoint(manager) : -1;
        let last: number | undefined;
        for (const { event, ctx, recorded } of items) {
          // At or below the row: applied and committed already (a redelivered run).
          if (recorded.position <= applied) continue;
          const method = instance[handler.on.get(ctx.eventType)!] as OnMethod;
          await method.call(instance, event, ctx, manager);
          last = recorded.position;
        }
        if (checkpoint === 'transaction' && last !== undefined)
          await checkpointQuery(manager, sql.advance, [name, last]);
      });
    },

    async reset() {
      await inTransaction(async (manager) => {
        if (typeof instance.reset === 'function') await instance.reset(manager);
        if (checkpoint === 'transaction') await checkpointQuery(manager, sql.reset, [name, 0]);
      });
      // The same row when the read models share the store's database; otherwise the store's
      // own checkpoint, which tells where the replay resumes after a crash.
      await env.store.resetCheckpoint(name, 0);
    },
  };
}
