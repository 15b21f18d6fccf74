import type { MemberDecorator } from '../decorators/aggregate';
import type { EventHandlerOptions } from '../decorators/handlers';
import {
  ON_REJECTED,
  PROCESS_MANAGER,
  recordMember,
  recordOnClass,
  type NamedRecord,
} from '../decorators/metadata-keys';
import type { Class } from '../contracts/class';

/** Options of `@ProcessManager`: those of an event handler. */
export type ProcessManagerOptions = EventHandlerOptions;

/**
 * Declares a process manager (saga): it coordinates aggregates. Its `@On(Event, { correlateBy,
 * start })` methods are called with the instance the event belongs to, restored from its
 * persisted state; they may change that state and return commands, which Edict dispatches.
 * The class must be constructible with no arguments: that is a new instance's state.
 *
 * @example
 * @ProcessManager('bank.money-transfer')
 * class MoneyTransfer {
 *   status = 'new';
 *   @On(TransferRequested, { correlateBy: 'transferId', start: true })
 *   requested(e: TransferRequested) { this.status = 'debiting'; return new WithdrawMoney(...); }
 * }
 */
export function ProcessManager(name: string, options: ProcessManagerOptions = {}): ClassDecorator {
  return (target) => recordOnClass<NamedRecord>(PROCESS_MANAGER, target, { name, options: { ...options } });
}

/**
 * Marks the method that receives a command this process manager dispatched and that was
 * rejected (a domain error or invalid command): `(command, error, ctx) => commands`, to
 * compensate (e.g. refund). Without one, the rejection fails the event under the error policy.
 */
export function OnRejected(command: Class): MemberDecorator {
  return (target, member, descriptor) => recordMember(ON_REJECTED, target, member, command, descriptor);
}
