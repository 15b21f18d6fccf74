// The bank's read models: their entities, the projections that write them, the queries that read them.
export { AccountBalance } from './account-balance';
export { StatementEntry } from './statement-entry';
export type { StatementEntryKind } from './statement-entry';
export { TransferSummary } from './transfer-summary';
export type { TransferSummaryStatus } from './transfer-summary';
export { BankQueries } from './bank-queries';
export type { CurrencyTotals, StatementPage } from './bank-queries';
export { Balances } from './projections/balances';
export { Statements } from './projections/statements';
export { Transfers } from './projections/transfers';
