import {
  ConcurrencyError,
  DuplicateCommandError,
  TruncationRefusedError,
  EdictError,
  InvalidArgumentError,
  StoreAccessError,
  StoreUnavailableError,
} from '@edict/core';
import type { TruncationRefusal } from '@edict/core';
import type { ExpectedVersion } from '@edict/core/spi';
import { EventLogImmutableError } from './event-log-immutable-error';
import { isConnectionError, type PgError } from './is-connection-error';

/** What the append was doing, so the error can name it. */
export interface AppendErrorContext {
  readonly streamId: string;
  readonly expectedVersion: ExpectedVersion;
  readonly commandId?: string;
}

/**
 * The one place where PostgreSQL's SQLSTATEs and constraint names become Edict errors.
 * Anything unrecognised is returned unchanged.
 *
 * @example
 * try {
 *   await pool.query(`delete from edict.events`);
 * } catch (error) {
 *   throw mapPgError(error, 'purge'); // EventLogImmutableError
 * }
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
    case 'ED422':
      return truncationRefused(e);
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

/** truncate_stream's refusal (migration 8): its JSON detail says which stream, and why. */
function truncationRefused(e: PgError): TruncationRefusedError {
  const detail = JSON.parse(e.detail ?? '{}') as {
    streamId?: string;
    before?: number;
    reason?: string;
    snapshot?: number | null;
    stream?: number;
  };
  return new TruncationRefusedError(
    detail.streamId ?? '?',
    detail.before ?? Number.NaN,
    (detail.reason ?? 'no-snapshot') as TruncationRefusal,
    detail.snapshot ?? undefined,
    detail.stream ?? 0,
  );
}
