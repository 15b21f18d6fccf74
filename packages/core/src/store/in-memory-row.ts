import type { EventMetadata, JsonObject, RecordedEvent } from '../contracts/store-records';

/** An event as the in-memory store keeps it. */
export interface Row {
  readonly position: number;
  readonly streamId: string;
  readonly version: number;
  readonly eventId: string;
  readonly type: string;
  readonly schemaVersion: number;
  /** Kept as JSON text, as a database would, so callers can never share or mutate it. */
  readonly data: string;
  readonly metadata: string;
  readonly createdAt: Date;
}

/** A stored row as the event it was: a fresh copy each time. */
export function toRecorded(row: Row): RecordedEvent {
  return {
    position: row.position,
    streamId: row.streamId,
    version: row.version,
    eventId: row.eventId,
    type: row.type,
    schemaVersion: row.schemaVersion,
    data: JSON.parse(row.data) as JsonObject,
    metadata: JSON.parse(row.metadata) as EventMetadata,
    createdAt: new Date(row.createdAt.getTime()),
  };
}
