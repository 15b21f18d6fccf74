import { DomainError } from '@edict/core';

/**
 * Only an empty account can be closed; `balance` (minor units) is what is left in it.
 *
 * @example
 * if (e instanceof BalanceNotZero) await edict.dispatch(new WithdrawMoney(e.accountId, e.balance));
 */
export class BalanceNotZero extends DomainError {
  constructor(
    readonly accountId: string,
    readonly balance: number,
  ) {
    super('BALANCE_NOT_ZERO', `Account ${accountId} still holds ${balance}; only an empty account can be closed`);
  }
}
