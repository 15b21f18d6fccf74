import { Aggregate, Applies, Executes } from '@edict/core';
import { CloseAccount } from './commands/close-account';
import { DepositMoney } from './commands/deposit-money';
import { OpenAccount } from './commands/open-account';
import { WithdrawMoney } from './commands/withdraw-money';
import { AccountAlreadyOpen } from './errors/account-already-open';
import { AccountIsClosed } from './errors/account-is-closed';
import { AccountNotOpen } from './errors/account-not-open';
import { BalanceLimitExceeded } from './errors/balance-limit-exceeded';
import { BalanceNotZero } from './errors/balance-not-zero';
import { CurrencyMismatch } from './errors/currency-mismatch';
import { InsufficientFunds } from './errors/insufficient-funds';
import { AccountClosed } from './events/account-closed';
import { AccountOpened } from './events/account-opened';
import { MoneyDeposited } from './events/money-deposited';
import { MoneyWithdrawn } from './events/money-withdrawn';
import { MAX_MINOR_UNITS } from './money';

/** Where an account is in its life: never opened, open, or closed for good. */
export type AccountStatus = 'unopened' | 'open' | 'closed';

/**
 * A bank account (stream `account-<id>`). It is opened once, moves money only while open,
 * never goes below zero, and closes only when empty; a closed account refuses every command,
 * including a second opening. Amounts are positive integers in minor units of its currency;
 * a deposit or withdrawal that names another currency is refused. The `transferId` of a
 * command that is a step of a transfer is carried onto its event.
 *
 * @example
 * const account = await edict.load(Account, accountId);
 * console.log(account.status, account.balance);
 */
@Aggregate('account')
export class Account {
  status: AccountStatus = 'unopened';
  owner = '';
  currency = '';
  /** In minor units; never negative. */
  balance = 0;

  @Executes(OpenAccount)
  open(cmd: OpenAccount): AccountOpened {
    if (this.status === 'closed') throw new AccountIsClosed(cmd.accountId);
    if (this.status === 'open') throw new AccountAlreadyOpen(cmd.accountId);
    return new AccountOpened(cmd.accountId, cmd.owner, cmd.currency);
  }

  @Executes(DepositMoney)
  deposit(cmd: DepositMoney): MoneyDeposited {
    this.ensureOpen(cmd.accountId);
    this.ensureCurrency(cmd.accountId, cmd.currency);
    if (cmd.amount > MAX_MINOR_UNITS - this.balance) {
      throw new BalanceLimitExceeded(cmd.accountId, this.balance, cmd.amount, MAX_MINOR_UNITS);
    }
    return new MoneyDeposited(cmd.accountId, cmd.amount, cmd.transferId);
  }

  @Executes(WithdrawMoney)
  withdraw(cmd: WithdrawMoney): MoneyWithdrawn {
    this.ensureOpen(cmd.accountId);
    this.ensureCurrency(cmd.accountId, cmd.currency);
    if (cmd.amount > this.balance) throw new InsufficientFunds(cmd.accountId, this.balance, cmd.amount);
    return new MoneyWithdrawn(cmd.accountId, cmd.amount, cmd.transferId);
  }

  @Executes(CloseAccount)
  close(cmd: CloseAccount): AccountClosed {
    this.ensureOpen(cmd.accountId);
    if (this.balance !== 0) throw new BalanceNotZero(cmd.accountId, this.balance);
    return new AccountClosed(cmd.accountId);
  }

  @Applies(AccountOpened)
  onOpened(e: AccountOpened): void {
    this.status = 'open';
    this.owner = e.owner;
    this.currency = e.currency;
  }

  @Applies(MoneyDeposited)
  onDeposited(e: MoneyDeposited): void {
    this.balance += e.amount;
  }

  @Applies(MoneyWithdrawn)
  onWithdrawn(e: MoneyWithdrawn): void {
    this.balance -= e.amount;
  }

  @Applies(AccountClosed)
  onClosed(_e: AccountClosed): void {
    this.status = 'closed';
  }

  private ensureOpen(accountId: string): void {
    if (this.status === 'unopened') throw new AccountNotOpen(accountId);
    if (this.status === 'closed') throw new AccountIsClosed(accountId);
  }

  private ensureCurrency(accountId: string, currency: string | undefined): void {
    if (currency !== undefined && currency !== this.currency) {
      throw new CurrencyMismatch(accountId, this.currency, currency);
    }
  }
}
