import type { DeadLetter, EventMetadata, JsonObject, RecordedEvent, Snapshot } from '@edict/core';

/** A row of the events table as node-postgres returns it (bigint as string). */
export interface EventRow {
  position: string;
  stream_id: string;
  version: string;
  event_id: string;
  type: string;
  schema_version: number;
  data: JsonObject;
  metadata: EventMetadata;
  created_at: Date;
}

export function toRecorded(row: EventRow): RecordedEvent {
  return {
    position: Number(row.position),
    streamId: row.stream_id,
    version: Number(row.version),
    eventId: row.event_id,
    type: row.type,
    schemaVersion: row.schema_version,
    data: row.data,
    metadata: row.metadata,
    createdAt: row.created_at,
  };
}

export interface SnapshotRow {
  stream_id: string;
  version: string;
  snapshot_version: number;
  state: JsonObject;
}

export const toSnapshot = (row: SnapshotRow): Snapshot => ({
  streamId: row.stream_id,
  version: Number(row.version),
  snapshotVersion: row.snapshot_version,
  state: row.state,
});

export interface DeadLetterRow {
  event: RecordedEvent & { createdAt: string };
  error: DeadLetter['error'];
  attempts: number;
  failed_at: Date;
}

export const toDeadLetter = (handler: string, row: DeadLetterRow): DeadLetter => ({
  handler,
  event: { ...row.event, createdAt: new Date(row.event.createdAt) },
  error: row.error,
  attempts: row.attempts,
  failedAt: row.failed_at,
});
