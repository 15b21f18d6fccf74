import { Edict, type EventStore } from '@edict/core';
import { typeormProjections } from '@edict/typeorm';
import type { DataSource } from 'typeorm';
import { Account } from './domain/account';
import { Transfer } from './domain/transfer';
import type { ActivityLog } from './handlers/activity-log';
import { MoneyTransfer } from './process-managers/money-transfer';
import { Balances } from './read-models/projections/balances';
import { Statements } from './read-models/projections/statements';
import { Transfers } from './read-models/projections/transfers';

/** Options of `createBank`. */
export interface BankOptions {
  /**
   * The TypeORM DataSource of the read models (balances, statements, transfers), on the event
   * store's database (see `openDatabase`). Without it the bank runs without read models, as
   * on the in-memory store in the unit tests.
   */
  readonly dataSource?: DataSource;
  /** An in-memory activity log to feed, to read its lines afterwards. */
  readonly activityLog?: ActivityLog;
}

/**
 * Wires the bank on `store`: the `Account` and `Transfer` aggregates, the `MoneyTransfer`
 * process manager, and the read models' projections when a DataSource is given. The demo
 * script, the HTTP server and the tests share it, so they run the same application.
 *
 * @example
 * const edict = await createBank(new InMemoryEventStore());
 * const edict = await createBank(store, { dataSource }); // with the read models
 */
export function createBank(store: EventStore, options: BankOptions = {}): Promise<Edict> {
  const { dataSource, activityLog } = options;
  return Edict.create({
    store,
    aggregates: [Account, Transfer],
    processManagers: [MoneyTransfer],
    handlers: activityLog ? [activityLog] : [],
    plugins: dataSource ? [typeormProjections({ dataSource, projections: [Balances, Statements, Transfers] })] : [],
  });
}
