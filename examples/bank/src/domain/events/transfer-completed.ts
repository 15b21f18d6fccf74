import { Event } from '@edict/core';

/**
 * The transfer's money left the source account and reached the target account.
 *
 * @example
 * new TransferCompleted(transferId);
 */
@Event('bank.TransferCompleted')
export class TransferCompleted {
  constructor(readonly transferId: string) {}
}
