import { InvalidOptionsError, MissingDecoratorError, type Class, type HandlerPlugin } from '@edict/core';
import { checkOptionKeys } from '@edict/core/spi';
import type { DataSource } from 'typeorm';
import { PROJECTION_OPTIONS, readProjection } from './projection';
import { projectionProcessor, type CheckpointMode } from './projection-processor';
import { quoteSchemaOption } from './schema-option';

/** Options of `typeormProjections`. */
export interface TypeormProjectionsOptions {
  /** The TypeORM `DataSource` (type `postgres`) holding the read models. */
  readonly dataSource: DataSource;
  /** `@Projection` classes (constructed with no arguments) or instances. */
  readonly projections: readonly (Class | object)[];
  /**
   * The schema of the event store's tables, where each projection's checkpoint row lives.
   * Default: the schema of the application's `PostgresEventStore` (`edict` unless configured).
   */
  readonly schema?: string;
  /**
   * `'transaction'` (default): the checkpoint row is locked and advanced in the transaction
   * that applies the events (one event, or a run of them during catch-up), in the DataSource's
   * database: exactly-once in effect. The read models must then live in the event store's
   * database. `'store'`: for read models in another database; events are delivered at least
   * once (the store's checkpoint is saved after each batch), so write idempotently (upserts,
   * or a position kept per row).
   */
  readonly checkpoint?: CheckpointMode;
}

const OPTIONS = ['dataSource', 'projections', 'schema', 'checkpoint'];
const WHERE = 'typeormProjections';

const nameOf = (ctor: unknown): string => (typeof ctor === 'function' && ctor.name) || '(anonymous class)';

function checkProjection(entry: unknown): void {
  if ((typeof entry !== 'function' && typeof entry !== 'object') || entry === null) {
    throw new InvalidOptionsError(WHERE, 'projections', OPTIONS, 'must list @Projection classes or instances');
  }
  const ctor = typeof entry === 'function' ? entry : entry.constructor;
  const record = readProjection(ctor);
  if (!record) throw new MissingDecoratorError(nameOf(ctor), 'Projection', 'a projection of typeormProjections');
  // The name itself is checked with every handler name at `Edict.create`.
  checkOptionKeys(`@Projection('${String(record.name)}')`, record.options, PROJECTION_OPTIONS);
}

/**
 * Runs `@Projection` classes as Edict handlers writing through TypeORM: give the result to
 * `Edict.create({ plugins: [...] })`. Events are applied in transactions of the `DataSource`
 * (when several are waiting, as while catching up, up to `MAX_PROCESS_BATCH` in one),
 * together with the projection's checkpoint, so a projection whose read models live in the
 * event store's database takes effect exactly once per event, across crashes and
 * redeliveries. Options are checked here; the projections' metadata at `Edict.create`.
 *
 * @example
 * const dataSource = await new DataSource({ type: 'postgres', url, entities: [Balance] }).initialize();
 * const edict = await Edict.create({
 *   store: new PostgresEventStore({ connectionString: url }),
 *   aggregates: [Account],
 *   plugins: [typeormProjections({ dataSource, projections: [Balances] })],
 * });
 */
export function typeormProjections(options: TypeormProjectionsOptions): HandlerPlugin {
  if (options === undefined) throw new InvalidOptionsError(WHERE, '(options)', OPTIONS, 'must be an object');
  checkOptionKeys(WHERE, options, OPTIONS);
  const { dataSource, projections, schema } = options;
  const checkpoint = options.checkpoint ?? 'transaction';
  if (checkpoint !== 'transaction' && checkpoint !== 'store') {
    throw new InvalidOptionsError(WHERE, 'checkpoint', OPTIONS, `must be 'transaction' or 'store'`);
  }
  if (typeof (dataSource as Partial<DataSource> | undefined)?.transaction !== 'function') {
    throw new InvalidOptionsError(WHERE, 'dataSource', OPTIONS, 'must be a TypeORM DataSource');
  }
  if (checkpoint === 'transaction' && dataSource.options?.type !== 'postgres') {
    throw new InvalidOptionsError(
      WHERE,
      'dataSource',
      OPTIONS,
      `must be a PostgreSQL DataSource (type 'postgres') to hold the checkpoint; got type '${String(dataSource.options?.type)}'`,
    );
  }
  if (schema !== undefined) quoteSchemaOption(WHERE, schema, OPTIONS);
  const given: unknown = projections; // narrowing the readonly array itself would make it `any[]`
  if (!Array.isArray(given)) {
    throw new InvalidOptionsError(
      WHERE,
      'projections',
      OPTIONS,
      'must be an array of @Projection classes or instances',
    );
  }
  projections.forEach(checkProjection);

  return {
    name: '@edict/typeorm',
    handlers: [...projections],
    processor: (handler, env) =>
      projectionProcessor(handler, env, { dataSource, schema, checkpoint, validOptions: OPTIONS }),
  };
}
