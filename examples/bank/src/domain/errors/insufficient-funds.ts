import { DomainError } from '@edict/core';

/**
 * A withdrawal asked for more than the balance; accounts are never overdrawn. Amounts are
 * in minor units.
 *
 * @example
 * if (e instanceof InsufficientFunds) console.log(`short by ${e.requested - e.balance}`);
 */
export class InsufficientFunds extends DomainError {
  constructor(
    readonly accountId: string,
    readonly balance: number,
    readonly requested: number,
  ) {
    super('INSUFFICIENT_FUNDS', `Account ${accountId} holds ${balance}, less than the ${requested} requested`);
  }
}
