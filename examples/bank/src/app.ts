import { Edict, type EventStore } from '@edict/core';
import { Account } from './domain/account';
import { ActivityLog } from './handlers/activity-log';

/** Options of `createBank`. */
export interface BankOptions {
  /** The activity log to feed; pass your own instance to read its lines. A fresh one by default. */
  readonly activityLog?: ActivityLog;
}

/**
 * Wires the bank on `store`: the `Account` aggregate and the activity log handler. The demo
 * script and the tests share it, so they run the same application.
 *
 * @example
 * const activityLog = new ActivityLog();
 * const edict = await createBank(new InMemoryEventStore(), { activityLog });
 */
export function createBank(store: EventStore, options: BankOptions = {}): Promise<Edict> {
  return Edict.create({
    store,
    aggregates: [Account],
    handlers: [options.activityLog ?? new ActivityLog()],
  });
}
