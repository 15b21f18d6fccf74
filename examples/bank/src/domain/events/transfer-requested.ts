import { Event } from '@edict/core';

/**
 * A transfer of `amount` (minor units of `currency`) from one account to another was asked
 * for. The `MoneyTransfer` process manager takes it from here.
 *
 * @example
 * new TransferRequested(transferId, adaId, graceId, 25_00, 'EUR');
 */
@Event('bank.TransferRequested')
export class TransferRequested {
  constructor(
    readonly transferId: string,
    readonly fromAccountId: string,
    readonly toAccountId: string,
    readonly amount: number,
    readonly currency: string,
  ) {}
}
