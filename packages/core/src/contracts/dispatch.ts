import type { RecordedEvent } from './store-records';

/** A function-valued property: a method, not data. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Method = (...args: any[]) => unknown;

/** What a payload may give for a property of type `T`: nested objects as plain data too. */
export type PayloadValue<T> = T extends Date
  ? T
  : T extends readonly (infer U)[]
    ? readonly PayloadValue<U>[]
    : T extends object
      ? CommandPayload<T>
      : T;

/**
 * The plain payload of a command class `C`: its data properties (methods left out), each of
 * its type, optional where the class makes it optional; nested value objects and arrays of them
 * as plain data, which `@Type(() => Class)` turns back into instances.
 *
 * @example
 * await edict.dispatch(DepositMoney, { accountId, amount: 100 }); // checked against DepositMoney
 */
export type CommandPayload<C> = {
  [K in keyof C as C[K] extends Method ? never : K]: PayloadValue<C[K]>;
};

/** Options of one `dispatch`. */
export interface DispatchOptions {
  /** Makes the dispatch idempotent: a second dispatch with this id appends nothing and returns the first result. */
  readonly commandId?: string;
  /** Shared by every message of one business flow; defaults to the command id. */
  readonly correlationId?: string;
  /** The message that caused this command; defaults to the command id. */
  readonly causationId?: string;
  /** Stored with every event under `metadata.user`, and given to handlers as `ctx.metadata`. */
  readonly metadata?: Readonly<Record<string, unknown>>;
  /**
   * `'eventual'` (default) resolves once the events are stored. `'strong'` waits until every
   * handler that handles one of the command's events has processed them; a list names the
   * handlers to wait for.
   */
  readonly consistency?: 'eventual' | 'strong' | readonly string[];
  /** How long a strong-consistency wait may take, in ms (default: the app's `consistencyTimeoutMs`). */
  readonly consistencyTimeoutMs?: number;
}

/** What a dispatch did. */
export interface DispatchResult {
  readonly commandId: string;
  readonly correlationId: string;
  /** The aggregate's id, for commands executed by an aggregate. */
  readonly aggregateId?: string;
  readonly streamId?: string;
  /** The aggregate's version after the command. */
  readonly version?: number;
  /** The events recorded, with their global positions. */
  readonly events: readonly RecordedEvent[];
  /** True when the command id had been dispatched before and this is that first result. */
  readonly duplicate: boolean;
  /** What a command handler's `handle` returned. */
  readonly value?: unknown;
}

/** What a command's executor, command handler and middleware know about the dispatch. */
export interface CommandContext {
  readonly command: object;
  readonly commandType: string;
  readonly commandId: string;
  readonly correlationId: string;
  readonly causationId: string;
  /** A copy of the dispatch metadata; `before` middleware may add to it. */
  readonly metadata: Record<string, unknown>;
}

/** What a command handler receives besides the command. */
export interface CommandHandlerContext extends CommandContext {
  /**
   * Dispatches another command in the same flow: same correlation id, metadata and
   * consistency, causation id = this command's id, and a command id derived from this one
   * (so re-dispatching the parent with the same `commandId` does not repeat its children).
   */
  dispatch(command: object, options?: DispatchOptions): Promise<DispatchResult>;
}

/**
 * Cross-cutting steps around every dispatch, run in registration order.
 *
 * @example
 * const audit: Middleware = { after: (ctx, result) => log(ctx.commandType, result.version) };
 */
export interface Middleware {
  /** Runs after validation, before execution; throw to reject the command. */
  before?(ctx: CommandContext): void | Promise<void>;
  /** Runs once the events are stored; an error here is logged, the dispatch still succeeds. */
  after?(ctx: CommandContext, result: DispatchResult): void | Promise<void>;
  onError?(ctx: CommandContext, error: unknown): void | Promise<void>;
}
