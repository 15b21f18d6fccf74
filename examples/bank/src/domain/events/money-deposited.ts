import { Event } from '@edict/core';

/**
 * Money was paid into an account. `amount` is a positive integer in minor units (cents).
 *
 * @example
 * new MoneyDeposited(accountId, 150_00);
 */
@Event('bank.MoneyDeposited')
export class MoneyDeposited {
  constructor(
    readonly accountId: string,
    readonly amount: number,
  ) {}
}
