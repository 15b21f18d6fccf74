import type { LeaseError, LeaseFence, LeaseState } from './lease-records';
/** A JSON value as stored. Dates are encoded as `{ "$date": "<ISO 8601>" }`. */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };

/** What the store is told about the version a stream must be at for an append to succeed. */
export type ExpectedVersion = number | 'any' | 'no-stream';

/** Metadata stored with every event. */
export interface EventMetadata {
  /** The command that produced the event. */
  readonly commandId: string;
  /** Shared by every message of one business flow. */
  readonly correlationId: string;
  /** The message that caused the command: a triggering event, or the command itself. */
  readonly causationId: string;
  /** Metadata the application gave at dispatch. */
  readonly user?: JsonObject;
  /** W3C Trace Context of the dispatch that produced the event, when traces are on (see the telemetry guide). */
  readonly traceparent?: string;
  readonly tracestate?: string;
}

/** The trace context keys of an event's metadata (W3C Trace Context, through the OpenTelemetry API's propagator). */
export type TraceMetadata = Pick<EventMetadata, 'traceparent' | 'tracestate'>;

/**
 * One partition of the log: the events whose stream id falls in partition `index` of `count`
 * (see `partitionOf`). What `readPartition` reads.
 */
export interface PartitionRange {
  readonly count: number;
  readonly index: number;
}

/** A batch of one partition, and the position of the log the read covered. */
export interface PartitionRead {
  readonly events: RecordedEvent[];
  /**
   * Every event of the partition up to this position is in `events` (or was before
   * `afterPosition`): the last event's position for a full batch, else the head of the log the
   * read saw. A reader that delivered the batch may move its position here.
   */
  readonly through: number;
}

/** An event about to be appended, already encoded. */
export interface NewEvent {
  /** UUID v7. */
  readonly eventId: string;
  readonly type: string;
  readonly schemaVersion: number;
  readonly data: JsonObject;
  readonly metadata: EventMetadata;
}

/** An event as stored: its stream, its version in the stream and its global position. */
export interface RecordedEvent extends NewEvent {
  readonly streamId: string;
  /** 1 for the first event of a stream. */
  readonly version: number;
  /** Global, strictly increasing; every subscriber sees events in this order. */
  readonly position: number;
  readonly createdAt: Date;
  /** Set on read for an event whose personal properties read as `REDACTED` (their subject was forgotten). */
  readonly redacted?: readonly string[];
}

/**
 * What folding a stream into an aggregate needs of a stored event, and nothing more: no ids,
 * metadata or timestamp. A long stream reads in a third of the bytes of its `RecordedEvent`s.
 */
export interface StreamEventData {
  /** 1 for the first event of a stream. */
  readonly version: number;
  readonly type: string;
  readonly schemaVersion: number;
  readonly data: JsonObject;
}

export interface AppendRequest {
  readonly streamId: string;
  readonly events: readonly NewEvent[];
  readonly expectedVersion: ExpectedVersion;
  /** Recorded atomically with the events; a second append with the same id is refused. */
  readonly commandId?: string;
  /** What the command id stands for (its type and payload, hashed), recorded with it. */
  readonly commandFingerprint?: string;
}

export interface AppendResult {
  readonly streamId: string;
  /** The stream's version after the append. */
  readonly version: number;
  readonly events: readonly RecordedEvent[];
}

/** What the store remembers of an appended command, for idempotent re-dispatch. */
export interface StoredCommand {
  readonly commandId: string;
  readonly streamId: string;
  /** The stream's version right after the command's append. */
  readonly version: number;
  readonly events: readonly RecordedEvent[];
  /** The fingerprint given with the append; undefined when none was (or the store predates them). */
  readonly fingerprint?: string;
}

export interface Snapshot {
  readonly streamId: string;
  /** Stream version the state includes. */
  readonly version: number;
  /** Shape version declared by `@Aggregate(..., { snapshotVersion })`. */
  readonly snapshotVersion: number;
  readonly state: JsonObject;
  /**
   * Set by the store, never by `saveSnapshot` (which keeps it): once the stream was truncated,
   * its first kept version. A load that cannot use this snapshot and would need the events
   * before it fails with `StreamTruncatedError` instead of folding part of the stream.
   */
  readonly truncatedBefore?: number;
}

/** What `truncateStream` is asked: remove the stream's events with a version below `before`. */
export interface TruncateRequest {
  readonly streamId: string;
  readonly before: number;
  /** The aggregate's snapshot shape: only a snapshot of this shape (one a load uses) covers the events. */
  readonly snapshotVersion: number;
}

/** The record a truncation leaves: what was removed, and behind which snapshot. */
export interface Truncation {
  readonly streamId: string;
  /** The events with a lower version were removed; this one and those after it stay. */
  readonly before: number;
  /** How many events this truncation removed. */
  readonly removed: number;
  /** The highest global position among them (0 when none were removed). */
  readonly lastPosition: number;
  /** The stream version of the snapshot that covers them. */
  readonly snapshotVersion: number;
  readonly truncatedAt: Date;
}

/** An event a handler gave up on, kept with the error that stopped it. */
/** A checkpoint as stored: its name (a handler's, or a partition's) and position. */
export interface StoredCheckpoint {
  readonly name: string;
  readonly position: number;
}

export interface DeadLetter {
  /** Given by the store when the dead letter is recorded; what `retry` and `purge` name. */
  readonly id?: number;
  readonly handler: string;
  readonly event: RecordedEvent;
  readonly error: { readonly message: string; readonly code?: string; readonly stack?: string };
  readonly attempts: number;
  readonly failedAt: Date;
  /** When a retry was asked for, until the running handler has processed it again. */
  readonly retryRequestedAt?: Date;
}

/**
 * A lease this process holds on a handler's partition, kept alive by the process's renewals;
 * released on stop.
 */
export interface HandlerLease {
  /** What writes under this lease carry: the store refuses them once the token moved. */
  readonly fence: LeaseFence;
  /** Resolves if the lease is lost (taken by another process, or not renewed in time). */
  readonly lost: Promise<void>;
  /** Writes the holder's state (and last error) into the lease row, for operators; never throws. */
  record(state: LeaseState, lastError?: LeaseError): Promise<void>;
  release(): Promise<void>;
}

/** The persisted state of one process manager instance. */
export interface ProcessState {
  readonly process: string;
  readonly instanceId: string;
  /** The correlation id of the event that started the instance; every command it sends carries it. */
  readonly correlationId: string;
  readonly state: JsonObject;
  /** Position of the last event the instance handled: a redelivered event is recognised and skipped. */
  readonly position: number;
  /** An ended instance ignores further events (and is not started again). */
  readonly ended: boolean;
}
