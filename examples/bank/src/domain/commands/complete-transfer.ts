import { AggregateId, Command } from '@edict/core';
import { IsUUID } from 'class-validator';

/**
 * Marks a transfer completed: its money has reached the target. Sent by `MoneyTransfer`.
 *
 * @example
 * new CompleteTransfer(transferId);
 */
@Command('bank.CompleteTransfer')
export class CompleteTransfer {
  @AggregateId()
  @IsUUID()
  readonly transferId: string;

  constructor(transferId: string) {
    this.transferId = transferId;
  }
}
