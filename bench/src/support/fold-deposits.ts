import { EVENT_TYPE, type RawStreamRow } from './raw-event-table';

/** The baselines' fold: what the wallet's appliers do, written as a loop; the balance. */
export function foldDeposits(rows: readonly RawStreamRow[], balance = 0): number {
  for (const row of rows) if (row.type === EVENT_TYPE) balance += row.data.amount;
  return balance;
}
