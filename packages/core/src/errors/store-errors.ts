import { EdictError } from './edict-error';

/** A stored event has a type no registered `@Event` class declares. */
export class UnknownEventTypeError extends EdictError {
  readonly code = 'UNKNOWN_EVENT_TYPE';
  constructor(
    readonly eventType: string,
    readonly streamId: string,
    readonly version: number,
  ) {
    super(`Stream '${streamId}' holds an event of unregistered type '${eventType}' at version ${version}`);
  }
}

/**
 * A stored event has a schema version newer than the registered class knows. `version` is the
 * event's version in its stream; `storedVersion` and `knownVersion` are schema versions.
 */
export class UnsupportedEventVersionError extends EdictError {
  readonly code = 'UNSUPPORTED_EVENT_VERSION';
  constructor(
    readonly eventType: string,
    readonly streamId: string,
    readonly storedVersion: number,
    readonly knownVersion: number,
    readonly version: number,
  ) {
    super(
      `Event '${eventType}' at version ${version} of stream '${streamId}' has schema version ${storedVersion}, newer than the known version ${knownVersion}`,
    );
  }
}

/** A stored payload cannot be decoded (not JSON, not an object, bad metadata). */
export class CorruptEventError extends EdictError {
  readonly code = 'CORRUPT_EVENT';
  constructor(
    readonly streamId: string,
    readonly version: number,
    readonly reason: string,
  ) {
    super(`The event at version ${version} of stream '${streamId}' is corrupt: ${reason}`);
  }
}

/**
 * A stored snapshot does not decode to its aggregate's state. Loads skip it (with a warning)
 * and read the whole stream; it never becomes the aggregate's state.
 */
export class CorruptSnapshotError extends EdictError {
  readonly code = 'CORRUPT_SNAPSHOT';
  constructor(
    readonly streamId: string,
    readonly version: number,
    readonly reason: string,
  ) {
    super(`The snapshot of stream '${streamId}' at version ${version} is corrupt: ${reason}`);
  }
}

/** An argument given to the store is malformed (stream id, batch size, expected version…). */
export class InvalidArgumentError extends EdictError {
  readonly code = 'INVALID_ARGUMENT';
  constructor(
    readonly argument: string,
    readonly reason: string,
  ) {
    super(`Invalid ${argument}: ${reason}`);
  }
}

/** The store cannot be reached (connection refused or lost). The operation may be retried. */
export class StoreUnavailableError extends EdictError {
  readonly code = 'STORE_UNAVAILABLE';
  constructor(
    readonly operation: string,
    cause: unknown,
  ) {
    super(`The event store is unavailable (${operation}): ${cause instanceof Error ? cause.message : String(cause)}`, {
      cause,
    });
  }
}

/**
 * The database refused the store's connection or request for a reason retrying cannot fix:
 * authentication failed or the role does not exist (`28000`, `28P01`), the database does not
 * exist (`3D000`), or the role lacks a privilege (`42501`). Fix the configuration.
 */
export class StoreAccessError extends EdictError {
  readonly code = 'STORE_ACCESS';
  constructor(
    readonly operation: string,
    /** The PostgreSQL SQLSTATE. */
    readonly sqlState: string,
    cause: unknown,
  ) {
    super(
      `The event store refused access (${operation}, SQLSTATE ${sqlState}): ${cause instanceof Error ? cause.message : String(cause)}; check the connection settings (user, password, database) and the role's privileges`,
      { cause },
    );
  }
}

/** The store was closed (`close()`, or `edict.stop()`): it takes no more requests. Those under way when it closed completed. */
export class StoreClosedError extends EdictError {
  readonly code = 'STORE_CLOSED';
  constructor(readonly operation: string) {
    super(`The event store is closed (${operation})`);
  }
}

/** A stored event of an older schema version could not be upgraded to the current one. */
export class UpcastError extends EdictError {
  readonly code = 'UPCAST';
  constructor(
    readonly eventType: string,
    readonly streamId: string,
    readonly version: number,
    readonly fromSchemaVersion: number,
    readonly reason: string,
    cause?: unknown,
  ) {
    super(
      `Cannot upgrade event '${eventType}' at version ${version} of stream '${streamId}' from schema version ${fromSchemaVersion}: ${reason}`,
      cause === undefined ? undefined : { cause },
    );
  }
}
