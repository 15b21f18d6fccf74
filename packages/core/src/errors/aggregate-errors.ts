import { EdictError } from './edict-error';

/** An executor returned something that is not an instance of a registered `@Event` class. */
export class UnregisteredEventError extends EdictError {
  readonly code = 'UNREGISTERED_EVENT';
  constructor(
    readonly aggregate: string,
    readonly commandType: string,
    readonly returned: string,
  ) {
    super(
      `The executor of '${commandType}' in aggregate '${aggregate}' returned ${returned}, which is not a registered @Event class; nothing was appended`,
    );
  }
}

/** Where an event without an applier came from: an executor's return, or a stream being loaded. */
export interface MissingApplierContext {
  /** The command whose executor returned the event. */
  readonly commandType?: string;
  /** The stream, and the event's version in it, when the event was read from the store. */
  readonly streamId?: string;
  readonly version?: number;
  /** The event's class, when it is known: the method to add is `@Applies(<eventClass>)`. */
  readonly eventClass?: string;
}

/**
 * An aggregate has no `@Applies` method for an event: one its executor returned (nothing is
 * appended), or one its stream holds (the load fails, naming stream and version).
 */
export class MissingApplierError extends EdictError {
  readonly code = 'MISSING_APPLIER';
  readonly commandType?: string;
  readonly streamId?: string;
  readonly version?: number;
  constructor(
    readonly aggregate: string,
    readonly eventType: string,
    context: MissingApplierContext = {},
  ) {
    const fix = `add an @Applies(${context.eventClass ?? 'EventClass'}) method for '${eventType}' to aggregate '${aggregate}'`;
    super(
      context.streamId !== undefined
        ? `Stream '${context.streamId}' holds an event '${eventType}' at version ${context.version}, which aggregate '${aggregate}' has no @Applies method for: ${fix}`
        : `The executor of '${context.commandType ?? '?'}' in aggregate '${aggregate}' returned an event '${eventType}', which the aggregate has no @Applies method for: ${fix}; nothing was appended`,
    );
    if (context.commandType !== undefined) this.commandType = context.commandType;
    if (context.streamId !== undefined) this.streamId = context.streamId;
    if (context.version !== undefined) this.version = context.version;
  }
}

/** `edict.load` was given an `@Aggregate` class that was not passed to this application's `Edict.create`. */
export class UnregisteredAggregateError extends EdictError {
  readonly code = 'UNREGISTERED_AGGREGATE';
  constructor(
    readonly className: string,
    readonly aggregateName: string,
  ) {
    super(
      `${className} (@Aggregate('${aggregateName}')) is not registered with this application: add it to \`aggregates\` in Edict.create`,
    );
  }
}

/**
 * An executor changed its aggregate's state; executors decide, appliers change. The command
 * was refused and nothing was appended; the state it changed is dropped, so the next command
 * is decided on the state the stream holds. `cause` is what the executor threw, if it threw.
 */
export class ExecutorMutationError extends EdictError {
  readonly code = 'EXECUTOR_MUTATION';
  constructor(
    readonly aggregate: string,
    readonly method: string,
    readonly commandType: string,
    /** The first property found changed: `balance`, `lines[2].qty`, `counts.get("tea")`. */
    readonly property: string,
    cause?: unknown,
  ) {
    super(
      `The executor '${method}' of aggregate '${aggregate}' (command '${commandType}') changed the aggregate's state at ${property}; ` +
        'executors must only read the state and return events, which @Applies methods apply. Nothing was appended',
      cause === undefined ? undefined : { cause },
    );
  }
}
