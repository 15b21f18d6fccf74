import type { DeadLetter, JsonObject, RecordedEvent, Snapshot } from '@edict/core/spi';

/**
 * The columns of an event, named and typed so that node-postgres builds each row as a
 * `RecordedEvent` itself, with no copy: positions and versions as float8 (parsed to numbers),
 * the timestamp as epoch milliseconds, which `toRecordedEvents` turns into a Date in place
 * (many times faster than parsing a timestamp's text). Millisecond precision, as a Date has.
 * The milliseconds come from float8 arithmetic (`extract` would compute in numeric, which
 * doubled the server's time per row): rounding to whole microseconds first makes them exact
 * for every timestamp before the year 2100 (a double's precision runs short after that).
 */
export const EVENT_COLUMNS = `position::float8 as position, stream_id as "streamId", version::float8 as version,
  event_id as "eventId", type, schema_version as "schemaVersion", data, metadata,
  floor(round(date_part('epoch', created_at) * 1e6) / 1000) as "createdAt"`;

/** Rows of `EVENT_COLUMNS`, their timestamps still numbers. */
export type EventRow = Omit<RecordedEvent, 'createdAt'> & { createdAt: number | Date };

/** Turns rows of `EVENT_COLUMNS` into RecordedEvents, in place. */
export function toRecordedEvents(rows: EventRow[]): RecordedEvent[] {
  for (const row of rows) row.createdAt = new Date(row.createdAt);
  return rows as RecordedEvent[];
}

export interface SnapshotRow {
  stream_id: string;
  version: string;
  snapshot_version: number;
  state: JsonObject;
  truncated_before?: string | null;
}

export const toSnapshot = (row: SnapshotRow): Snapshot => ({
  streamId: row.stream_id,
  version: Number(row.version),
  snapshotVersion: row.snapshot_version,
  state: row.state,
  ...(row.truncated_before ? { truncatedBefore: Number(row.truncated_before) } : {}),
});

export interface DeadLetterRow {
  id: string;
  event: RecordedEvent & { createdAt: string };
  error: DeadLetter['error'];
  attempts: number;
  failed_at: Date;
  retry_requested_at: Date | null;
}

export const toDeadLetter = (handler: string, row: DeadLetterRow): DeadLetter => ({
  id: Number(row.id),
  handler,
  event: { ...row.event, createdAt: new Date(row.event.createdAt) },
  error: row.error,
  attempts: row.attempts,
  failedAt: row.failed_at,
  ...(row.retry_requested_at ? { retryRequestedAt: row.retry_requested_at } : {}),
});
