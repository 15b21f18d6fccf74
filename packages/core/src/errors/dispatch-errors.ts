import { EdictError } from './edict-error';

/** One invalid field of a command, as class-validator reported it (without the command). */
export interface FieldError {
  readonly property: string;
  /**
   * The property's path from the command (`address.city`, `lines[2].sku`); set on every field
   * error Edict raises, nested ones included.
   */
  readonly path?: string;
  readonly value?: unknown;
  /** Failed constraint names mapped to their messages, e.g. `{ isPositive: 'amount must be…' }`. */
  readonly constraints: Readonly<Record<string, string>>;
  readonly children: readonly FieldError[];
}

/** Properties named in the message of a `CommandValidationError`; `fieldErrors` holds them all. */
const MESSAGE_FIELDS = 10;
const MESSAGE_NAME_LENGTH = 60;

const shortName = (name: string): string =>
  name.length > MESSAGE_NAME_LENGTH ? `${name.slice(0, MESSAGE_NAME_LENGTH)}…` : name;

/**
 * A command failed validation; nothing was executed or written. The message names the first
 * properties and counts the others; `fieldErrors` lists every one.
 */
export class CommandValidationError extends EdictError {
  readonly code = 'COMMAND_VALIDATION';
  constructor(
    readonly commandType: string,
    readonly fieldErrors: readonly FieldError[],
  ) {
    const named = fieldErrors
      .slice(0, MESSAGE_FIELDS)
      .map((f) => `${shortName(f.property)} (${Object.keys(f.constraints).join(', ') || 'nested'})`);
    const more = fieldErrors.length - named.length;
    super(
      `Invalid command '${commandType}': ${named.join('; ')}` +
        (more > 0 ? `; and ${more} more propert${more === 1 ? 'y' : 'ies'}` : ''),
    );
  }
}

/** The dispatched value is not a registered command (unknown type, plain object, wrong class). */
export class UnknownCommandError extends EdictError {
  readonly code = 'UNKNOWN_COMMAND';
  constructor(
    readonly commandType: string,
    reason?: string,
  ) {
    super(reason ?? `No aggregate or command handler is registered for command '${commandType}'`);
  }
}

/** The aggregate id of a command is missing, too long, or not a well-formed string. */
export class InvalidAggregateIdError extends EdictError {
  readonly code = 'INVALID_AGGREGATE_ID';
  constructor(
    readonly commandType: string,
    readonly property: string,
    readonly reason: string,
  ) {
    super(`Command '${commandType}' has an invalid aggregate id in '${property}': ${reason}`);
  }
}

/** A payload holds a value that cannot be stored as JSON (function, bigint, NaN, Map, cycle…). */
export class SerializationError extends EdictError {
  readonly code = 'SERIALIZATION';
  constructor(
    readonly messageType: string,
    readonly path: string,
    readonly reason: string,
  ) {
    super(`Cannot serialize '${messageType}' at ${path || '(root)'}: ${reason}`);
  }
}

/**
 * Two writers raced for one stream and the retries ran out. `expectedVersion` is what this
 * writer read; `actualVersion` is what the store held.
 */
export class ConcurrencyError extends EdictError {
  readonly code = 'CONCURRENCY';
  constructor(
    readonly streamId: string,
    readonly expectedVersion: number | string,
    readonly actualVersion: number,
    readonly attempts = 1,
  ) {
    super(
      `Version conflict on stream '${streamId}': expected ${expectedVersion}, found ${actualVersion}` +
        (attempts > 1 ? ` (after ${attempts} attempts)` : ''),
    );
  }
}

/**
 * The command id was recorded for a different command: another type, or another payload
 * (another aggregate included). An exact repeat returns the first result instead; a new
 * command needs a new id. Nothing was executed or written.
 */
export class CommandIdReusedError extends EdictError {
  readonly code = 'COMMAND_ID_REUSED';
  constructor(
    readonly commandId: string,
    readonly commandType: string,
  ) {
    super(
      `Command id '${commandId}' was already used for a different command (another type or payload) than this '${commandType}'; ` +
        'repeat a command exactly to get its first result, or give a new command a new id',
    );
  }
}

/**
 * The command id was already recorded: by the store's `append` (the dispatcher then returns
 * the first result), or, for a command recorded before stores kept fingerprints, for another
 * stream.
 */
export class DuplicateCommandError extends EdictError {
  readonly code = 'DUPLICATE_COMMAND';
  constructor(readonly commandId: string) {
    super(`Command id '${commandId}' was already recorded`);
  }
}

/**
 * `consistency: 'strong'` waited too long for a handler. The command's events are stored;
 * only the wait failed.
 */
export class ConsistencyTimeoutError extends EdictError {
  readonly code = 'CONSISTENCY_TIMEOUT';
  constructor(
    readonly handlerName: string,
    readonly targetPosition: number,
    readonly handlerPosition: number,
    readonly timeoutMs: number,
    readonly lastError?: string,
  ) {
    super(
      `Handler '${handlerName}' did not reach position ${targetPosition} within ${timeoutMs} ms (it is at ${handlerPosition})` +
        (lastError ? `; its last error: ${lastError}` : ''),
    );
  }
}

/** `dispatch` named a handler, for strong consistency, that is not registered. */
export class UnknownHandlerError extends EdictError {
  readonly code = 'UNKNOWN_HANDLER';
  constructor(
    readonly handlerName: string,
    readonly known: readonly string[],
  ) {
    super(`No handler named '${handlerName}'; registered handlers: ${known.join(', ') || '(none)'}`);
  }
}

/** The application was stopped; it accepts no more commands. */
export class EdictStoppedError extends EdictError {
  readonly code = 'STOPPED';
  constructor() {
    super('This Edict application has been stopped');
  }
}

/** A handler stopped on an event (error policy 'stop', or retries used up); waits on it fail. */
export class HandlerFailedError extends EdictError {
  readonly code = 'HANDLER_FAILED';
  constructor(
    readonly handlerName: string,
    readonly position: number,
    readonly lastError: string,
  ) {
    super(`Handler '${handlerName}' stopped at position ${position}: ${lastError}`);
  }
}

/** The operation needs the handler running in this process (it is on standby, failed or stopped). */
export class HandlerNotActiveError extends EdictError {
  readonly code = 'HANDLER_NOT_ACTIVE';
  constructor(
    readonly handlerName: string,
    readonly state: string,
  ) {
    super(`Handler '${handlerName}' is not running in this process (it is ${state})`);
  }
}

/** A process manager could not tell which instance an event belongs to. */
export class ProcessCorrelationError extends EdictError {
  readonly code = 'PROCESS_CORRELATION';
  constructor(
    readonly processName: string,
    readonly eventType: string,
    readonly reason: string,
  ) {
    super(`Process manager '${processName}' cannot correlate '${eventType}': the instance id ${reason}`);
  }
}
