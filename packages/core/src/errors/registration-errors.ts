import { EdictError } from './edict-error';

/** A decorator was used wrongly or a registration is inconsistent; raised by `Edict.create`. */
export class RegistrationError extends EdictError {
  readonly code: string = 'REGISTRATION';
}

/** Two executors (or command handlers) were registered for one command type. */
export class DuplicateExecutorError extends RegistrationError {
  override readonly code = 'DUPLICATE_EXECUTOR';
  constructor(
    readonly commandType: string,
    readonly first: string,
    readonly second: string,
  ) {
    super(`Command '${commandType}' has two executors: ${first} and ${second}`);
  }
}

/** Two different classes declare the same message type (event or command). */
export class DuplicateTypeError extends RegistrationError {
  override readonly code = 'DUPLICATE_TYPE';
  constructor(
    readonly kind: 'event' | 'command' | 'aggregate',
    readonly type: string,
    readonly first: string,
    readonly second: string,
  ) {
    super(`The ${kind} type '${type}' is declared twice: by ${first} and by ${second}`);
  }
}

/** An aggregate declares two appliers for one event type. */
export class DuplicateApplierError extends RegistrationError {
  override readonly code = 'DUPLICATE_APPLIER';
  constructor(
    readonly aggregate: string,
    readonly eventType: string,
    readonly methods: readonly string[],
  ) {
    super(`Aggregate '${aggregate}' has two appliers for '${eventType}': ${methods.join(', ')}`);
  }
}

/** An event handler, projection or process manager has two `@On` methods for one event type. */
export class DuplicateOnMethodError extends RegistrationError {
  override readonly code = 'DUPLICATE_ON_METHOD';
  constructor(
    readonly handlerName: string,
    readonly eventType: string,
    readonly methods: readonly string[],
  ) {
    super(`Handler '${handlerName}' has two @On methods for '${eventType}': ${methods.join(', ')}; keep one`);
  }
}

/** Two handlers (event handlers, projections, process managers) share one name. */
export class DuplicateHandlerNameError extends RegistrationError {
  override readonly code = 'DUPLICATE_HANDLER_NAME';
  constructor(
    readonly handlerName: string,
    readonly first: string,
    readonly second: string,
  ) {
    super(`The handler name '${handlerName}' is used twice: by ${first} and by ${second}`);
  }
}

/** A command routed to an aggregate has no property marked with `@AggregateId()`. */
export class MissingAggregateIdError extends RegistrationError {
  override readonly code = 'MISSING_AGGREGATE_ID';
  constructor(readonly commandType: string) {
    super(`Command '${commandType}' is executed by an aggregate but has no @AggregateId() property`);
  }
}

/** A class is used in a role without the decorator that role needs. */
export class MissingDecoratorError extends RegistrationError {
  override readonly code = 'MISSING_DECORATOR';
  constructor(
    readonly className: string,
    readonly decorator: string,
    readonly usage: string,
  ) {
    super(`${className} is used as ${usage} but has no @${decorator}() decorator`);
  }
}

/** A decorator was placed where it cannot work (e.g. `@Executes` on a property). */
export class InvalidDecoratorUsageError extends RegistrationError {
  override readonly code = 'INVALID_DECORATOR_USAGE';
  constructor(
    readonly className: string,
    readonly member: string,
    readonly reason: string,
  ) {
    super(`${className}.${member}: ${reason}`);
  }
}

/** An options object holds a key Edict does not know, or a value of the wrong kind. */
export class InvalidOptionsError extends RegistrationError {
  override readonly code = 'INVALID_OPTIONS';
  constructor(
    readonly where: string,
    readonly option: string,
    readonly validOptions: readonly string[],
    reason?: string,
  ) {
    super(
      reason
        ? `${where}: option '${option}' ${reason}`
        : `${where}: unknown option '${option}'; valid options are: ${validOptions.join(', ')}`,
    );
  }
}

/** A type string or name does not have the allowed shape. */
export class InvalidNameError extends RegistrationError {
  override readonly code = 'INVALID_NAME';
  constructor(
    readonly kind: string,
    readonly value: unknown,
    readonly rule: string,
  ) {
    super(`Invalid ${kind} ${JSON.stringify(String(value)).slice(0, 120)}: ${rule}`);
  }
}
