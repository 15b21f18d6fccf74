import { EdictError } from '@edict/core';

/**
 * The database of a projection's `DataSource` has no `<schema>.checkpoints` table, so the
 * checkpoint cannot advance in the read model's transaction: the read models are not in the
 * event store's database, or `schema` does not name the store's schema.
 */
export class CheckpointTableMissingError extends EdictError {
  readonly code = 'CHECKPOINT_TABLE_MISSING';
  constructor(
    readonly handlerName: string,
    readonly schema: string,
    cause?: unknown,
  ) {
    super(
      `Projection '${handlerName}': the DataSource's database has no table "${schema}".checkpoints. ` +
        `Keep the read models in the event store's database and give typeormProjections the store's schema, ` +
        `or pass checkpoint: 'store' (at-least-once delivery: write idempotently)`,
      cause === undefined ? undefined : { cause },
    );
  }
}
