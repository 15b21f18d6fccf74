import {
  ConcurrencyError,
  DuplicateCommandError,
  EdictError,
  InvalidArgumentError,
  StoreAccessError,
  StoreUnavailableError,
} from '@edict/core';
import type { ExpectedVersion } from '@edict/core/spi';

/** An UPDATE, DELETE or TRUNCATE of stored events was refused by the database. */
export class EventLogImmutableError extends EdictError {
  readonly code = 'EVENT_LOG_IMMUTABLE';
  constructor(cause: unknown) {
    super('The event log is append-only: stored events cannot be updated or deleted', { cause });
  }
}

interface PgError {
  code?: string;
  constraint?: string;
  detail?: string;
  message?: string;
}

/** Connection-level failures: the server went away, or never answered. */
const CONNECTION_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'ENOTFOUND',
  'EAI_AGAIN',
  '57P01', // admin_shutdown
  '57P02', // crash_shutdown
  '57P03', // cannot_connect_now
  '08000',
  '08001',
  '08003',
  '08004',
  '08006',
]);

export function isConnectionError(error: unknown): boolean {
  const e = error as PgError | null;
  if (typeof e !== 'object' || e === null) return false;
  if (e.code !== undefined && CONNECTION_CODES.has(e.code)) return true;
  const message = e.message ?? '';
  // "timeout exceeded when trying to connect": the pool had no connection to give in time.
  return /Connection terminated|connection timeout|timeout exceeded when trying to connect|Client has encountered a connection error|Client was closed|terminating connection/i.test(
    message,
  );
}

/** What the append was doing, so the error can name it. */
export interface AppendErrorContext {
  readonly streamId: string;
  readonly expectedVersion: ExpectedVersion;
  readonly commandId?: string;
}

/**
 * The one place where PostgreSQL's SQLSTATEs and constraint names become Edict errors.
 * Anything unrecognised is returned unchanged.
 */
export function mapPgError(error: unknown, operation: string, append?: AppendErrorContext): unknown {
  if (error instanceof EdictError) return error;
  const e = error as PgError | null;
  if (typeof e !== 'object' || e === null) return error;
  switch (e.code) {
    case 'ED409':
      return new ConcurrencyError(append?.streamId ?? '?', append?.expectedVersion ?? '?', Number(e.detail ?? 0));
    case 'ED412':
      return new DuplicateCommandError(append?.commandId ?? '?');
    case 'ED403':
      return new EventLogImmutableError(error);
    case '23505':
      if (e.constraint === 'events_stream_version_key' && append) {
        return new ConcurrencyError(append.streamId, append.expectedVersion, Number.NaN);
      }
      if (e.constraint === 'events_event_id_key')
        return new InvalidArgumentError('event id', 'an event with this id is already stored');
      return error;
    case '22P05': // untranslatable character (NUL in jsonb)
    case '22021': // invalid byte sequence
    case '22P02': // invalid text representation (e.g. a malformed uuid)
      return new InvalidArgumentError(operation, e.message ?? 'invalid value');
    case '28000': // invalid authorization specification (e.g. no such role)
    case '28P01': // invalid password
    case '3D000': // invalid catalog name: no such database
    case '42501': // insufficient privilege
      return new StoreAccessError(operation, e.code, error);
    case '54000': // program limit exceeded (e.g. an index row too large)
      return new InvalidArgumentError(operation, `too large for PostgreSQL: ${e.message ?? ''}`);
    default:
      return isConnectionError(error) ? new StoreUnavailableError(operation, error) : error;
  }
}
