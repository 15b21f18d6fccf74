import { EventHandler, On } from '@edict/core';
import { FundsDeposited } from './funds-deposited';

/** The handler of the catch-up scenario: folds every deposit, from the first event of the log. */
@EventHandler('bench.deposit-totals', { startFrom: 'origin' })
export class DepositTotals {
  count = 0;
  total = 0;

  @On(FundsDeposited)
  onDeposited(e: FundsDeposited): void {
    this.count++;
    this.total += e.amount;
  }
}
