import { Event } from '@edict/core';

/**
 * Money was taken out of an account. `amount` is a positive integer in minor units (cents).
 * `transferId` is set when the withdrawal is the debit of a transfer.
 *
 * @example
 * new MoneyWithdrawn(accountId, 30_00);
 */
@Event('bank.MoneyWithdrawn')
export class MoneyWithdrawn {
  constructor(
    readonly accountId: string,
    readonly amount: number,
    readonly transferId?: string,
  ) {}
}
