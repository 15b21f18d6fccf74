import { Aggregate, Applies, Executes } from '@edict/core';
import { Deposit } from './deposit';
import { FundsDeposited } from './funds-deposited';

/** Stream `wallet-<id>`: the aggregate of the dispatch, rehydrate and memory scenarios (no snapshots). */
@Aggregate('wallet')
export class Wallet {
  balance = 0;

  @Executes(Deposit)
  deposit(cmd: Deposit): FundsDeposited {
    return new FundsDeposited(cmd.walletId, cmd.amount);
  }

  @Applies(FundsDeposited)
  onDeposited(e: FundsDeposited): void {
    this.balance += e.amount;
  }
}
