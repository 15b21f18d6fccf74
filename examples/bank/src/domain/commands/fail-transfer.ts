import { AggregateId, Command } from '@edict/core';
import { IsIn, IsNotEmpty, IsString, IsUUID } from 'class-validator';
import type { FailedTransferMoney } from '../events/transfer-failed';

const MONEY: readonly FailedTransferMoney[] = ['not-debited', 'refunded', 'held'];

/**
 * Marks a transfer failed, saying why and where its money went. Sent by `MoneyTransfer`.
 *
 * @example
 * new FailTransfer(transferId, 'INSUFFICIENT_FUNDS', error.message, 'not-debited');
 */
@Command('bank.FailTransfer')
export class FailTransfer {
  @AggregateId()
  @IsUUID()
  readonly transferId: string;

  @IsString()
  @IsNotEmpty()
  readonly code: string;

  @IsString()
  readonly reason: string;

  @IsIn(MONEY)
  readonly money: FailedTransferMoney;

  constructor(transferId: string, code: string, reason: string, money: FailedTransferMoney) {
    this.transferId = transferId;
    this.code = code;
    this.reason = reason;
    this.money = money;
  }
}
