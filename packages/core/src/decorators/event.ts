import { EVENT, recordOnClass, type EventRecord } from './metadata-keys';

/** Options of `@Event`. */
export interface EventOptions {
  /** Schema version of the payload, 1 when not given. Stored with every event. */
  readonly version?: number;
}

/**
 * Declares an event class with its stable type name, the string that is stored and routed on.
 *
 * @example
 * @Event('bank.MoneyDeposited', { version: 1 })
 * class MoneyDeposited { constructor(readonly accountId: string, readonly amount: number) {} }
 */
export function Event(type: string, options: EventOptions = {}): ClassDecorator {
  return (target) => recordOnClass<EventRecord>(EVENT, target, { type, options: { ...options } });
}
