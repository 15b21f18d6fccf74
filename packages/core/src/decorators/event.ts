import { EVENT, recordOnClass, type EventRecord } from './metadata-keys';

/**
 * Upgrades a stored payload by one schema version, from the version it is keyed by to the
 * next. It receives the decoded payload (Dates revived) and returns the upgraded one.
 */
export type Upcaster = (data: Record<string, unknown>, event: UpcastContext) => Record<string, unknown>;

/** What an upcaster knows about the stored event it upgrades. */
export interface UpcastContext {
  readonly type: string;
  readonly streamId: string;
  /** The event's version in its stream. */
  readonly version: number;
  /** The schema version the payload is at before this upcaster runs. */
  readonly schemaVersion: number;
}

/** Options of `@Event`. */
export interface EventOptions {
  /** Schema version of the payload, 1 when not given. Stored with every event. */
  readonly version?: number;
  /**
   * Upcasters by the version they upgrade from: `{ 1: v1ToV2, 2: v2ToV3 }`. Stored events of
   * an older version pass through the chain before any applier or handler sees them.
   */
  readonly upcasters?: Readonly<Record<number, Upcaster>>;
  /**
   * The event's personal data: each personal property, by name, with the property that holds
   * the id of the person it belongs to (its subject). Stored encrypted under the subject's key;
   * after `edict.forget(subject)` it reads as `REDACTED` (docs/guides/forgetting.md).
   * Top-level properties only: a personal object or array is encrypted whole.
   */
  readonly personalData?: Readonly<Record<string, string>>;
}

/**
 * Declares an event class with its stable type name, the string that is stored and routed on.
 *
 * @example
 * @Event('bank.MoneyDeposited', { version: 1 })
 * class MoneyDeposited { constructor(readonly accountId: string, readonly amount: number) {} }
 *
 * @example
 * // Version 2 added a currency; version 1 events are read as EUR.
 * @Event('bank.AccountOpened', { version: 2, upcasters: { 1: (data) => ({ ...data, currency: 'EUR' }) } })
 * class AccountOpened { constructor(readonly accountId: string, readonly currency: string) {} }
 *
 * @example
 * // owner and email are the account holder's personal data; accountId names the holder.
 * @Event('bank.HolderRegistered', { personalData: { owner: 'accountId', email: 'accountId' } })
 * class HolderRegistered { constructor(readonly accountId: string, readonly owner: string, readonly email: string) {} }
 */
export function Event(type: string, options: EventOptions = {}): ClassDecorator {
  return (target) => recordOnClass<EventRecord>(EVENT, target, { type, options: { ...options } });
}
