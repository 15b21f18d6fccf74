import { Event } from '@edict/core';

/**
 * Money was paid into an account. `amount` is a positive integer in minor units (cents).
 * `transferId` is set when the deposit is a step of a transfer (its credit, or its refund).
 *
 * @example
 * new MoneyDeposited(accountId, 150_00);
 */
@Event('bank.MoneyDeposited')
export class MoneyDeposited {
  constructor(
    readonly accountId: string,
    readonly amount: number,
    readonly transferId?: string,
  ) {}
}
