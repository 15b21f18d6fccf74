import type { ErrorPolicy } from '../subscriptions/error-policy';
import type { MemberDecorator } from './aggregate';
import {
  COMMAND_HANDLER,
  EVENT_HANDLER,
  ON,
  recordMember,
  recordOnClass,
  type Class,
  type CommandHandlerRecord,
  type NamedRecord,
} from './metadata-keys';

/** Options of `@EventHandler`. */
export interface EventHandlerOptions {
  /** Where a handler with no checkpoint starts: the first event ever, or the current end. */
  readonly startFrom?: 'origin' | 'now';
  /** What happens when the handler throws. Default: `ErrorPolicy.retry()` then stop. */
  readonly errorPolicy?: ErrorPolicy;
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

/** Marks the method of a handler that receives one event type: `(event, ctx) => void | Promise<void>`. */
export function On(event: Class): MemberDecorator {
  return (target, member, descriptor) => recordMember(ON, target, member, event, descriptor);
}

/**
 * Declares the handler of a command that no single aggregate owns. The class has a
 * `handle(command, ctx)` method; `ctx.dispatch` sends further commands.
 */
export function CommandHandler(command: Class): ClassDecorator {
  return (target) => recordOnClass<CommandHandlerRecord>(COMMAND_HANDLER, target, { command });
}
