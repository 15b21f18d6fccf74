import { EventHandler, On } from '@edict/core';
import { FundsDeposited } from './funds-deposited';

/** The read model of the live scenario, in memory: each wallet's total, as live queries read it. */
@EventHandler('bench.wallet-totals', { startFrom: 'origin' })
export class WalletTotals {
  readonly byWallet = new Map<string, number>();

  @On(FundsDeposited)
  onDeposited(e: FundsDeposited): void {
    this.byWallet.set(e.walletId, (this.byWallet.get(e.walletId) ?? 0) + e.amount);
  }
}
