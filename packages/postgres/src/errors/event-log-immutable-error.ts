import { EdictError } from '@edict/core';

/** An UPDATE, DELETE or TRUNCATE of stored events was refused by the database. */
export class EventLogImmutableError extends EdictError {
  readonly code = 'EVENT_LOG_IMMUTABLE';
  constructor(cause: unknown) {
    super('The event log is append-only: stored events cannot be updated or deleted', { cause });
  }
}
