import { Aggregate, Applies, Executes } from '@edict/core';
import { Deposit } from './deposit';
import { FundsDeposited } from './funds-deposited';

/** A snapshot is taken each time a stream crosses a multiple of this many events. */
export const SNAPSHOT_EVERY = 100;

/**
 * Stream `swallet-<id>`: the wallet of the snapshot scenario. It executes the same command as
 * `Wallet`, so an application registers one or the other, never both.
 */
@Aggregate('swallet', { snapshotEvery: SNAPSHOT_EVERY })
export class SnapshottedWallet {
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
