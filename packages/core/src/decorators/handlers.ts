import type { ErrorPolicy } from '../contracts/error-policy';
import type { MemberDecorator } from './aggregate';
import {
  COMMAND_HANDLER,
  EVENT_HANDLER,
  ON,
  recordMember,
  recordOnClass,
  type CommandHandlerRecord,
  type NamedRecord,
} from './metadata-keys';
import type { Class } from '../contracts/class';
import type { EventContext } from '../contracts/event-context';

/** Options of `@EventHandler`. */
export interface EventHandlerOptions {
  /** Where a handler with no checkpoint starts: the first event ever, or the current end. */
  readonly startFrom?: 'origin' | 'now';
  /**
   * What happens when the handler throws: `ErrorPolicy.retry()`, `.skip()`, `.stop()`, or a
   * function `(error, failure, attempt) => ErrorDecision`. Default: `ErrorPolicy.retry()` then stop.
   */
  readonly errorPolicy?: ErrorPolicy;
  /**
   * Splits the handler into this many partitions (1 to 256), shared by the processes that run
   * the application; each has its own checkpoint and lease and sees the events of its keys in
   * position order. Default 1 (one loop for the whole log).
   */
  readonly partitions?: number;
  /**
   * The key that assigns an event to a partition (events of one key keep their order). Default:
   * the stream id, read by the store with only the partition's events. A key of the event is
   * computed in the process, so every partition then reads the whole log.
   */
  partitionKey?(event: object, context: EventContext): string;
}

/**
 * Declares an event handler. The name is its subscription and checkpoint: keep it stable.
 *
 * @example
 * @EventHandler('notifications', { startFrom: 'origin' })
 * class Notifications {
 *   @On(MoneyWithdrawn) async onWithdrawn(e: MoneyWithdrawn, ctx: EventContext) { ... }
 * }
 */
export function EventHandler(name: string, options: EventHandlerOptions = {}): ClassDecorator {
  return (target) => recordOnClass<NamedRecord>(EVENT_HANDLER, target, { name, options: { ...options } });
}

/** Options of `@On` in a process manager. */
export interface OnOptions<E = never> {
  /**
   * Which process instance the event belongs to: the name of a property of the event holding
   * the instance id (e.g. `'transferId'`), or a function of the event returning it. An event
   * whose id is undefined or null belongs to no instance and is ignored.
   */
  readonly correlateBy: string | ((event: E) => unknown);
  /** The event starts a new instance when none exists for its id. Default false. */
  readonly start?: boolean;
}

/**
 * Marks the method that receives one event type. In an event handler: `(event, ctx) => void`.
 * In a process manager, with `{ correlateBy, start }`: `(event, ctx) => commands`.
 *
 * @example
 * @On(TransferRequested, { correlateBy: 'transferId', start: true })
 * requested(e: TransferRequested) { return new WithdrawMoney(e.from, e.amount, e.transferId); }
 */
export function On<E extends object>(event: Class<E>, options?: OnOptions<E>): MemberDecorator {
  return (target, member, descriptor) =>
    recordMember(ON, target, member, event, descriptor, options as Readonly<Record<string, unknown>> | undefined);
}

/**
 * Declares the handler of a command that no single aggregate owns. The class has a
 * `handle(command, ctx)` method; `ctx.dispatch` sends further commands.
 */
export function CommandHandler(command: Class): ClassDecorator {
  return (target) => recordOnClass<CommandHandlerRecord>(COMMAND_HANDLER, target, { command });
}
