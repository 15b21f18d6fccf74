import { AggregateId, Command } from '@edict/core';
import { IsInt, IsPositive, IsUUID, Matches, Max } from 'class-validator';
import { CURRENCY_CODE, CURRENCY_MESSAGE, MAX_MINOR_UNITS } from '../money';

/**
 * Asks for `amount` (minor units of `currency`) to move from one account to another. The
 * transfer is recorded at once; the `MoneyTransfer` process manager then debits, credits, and
 * refunds if need be.
 *
 * @example
 * await edict.dispatch(new RequestTransfer(randomUUID(), adaId, graceId, 25_00, 'EUR'));
 */
@Command('bank.RequestTransfer')
export class RequestTransfer {
  @AggregateId()
  @IsUUID()
  readonly transferId: string;

  @IsUUID()
  readonly fromAccountId: string;

  @IsUUID()
  readonly toAccountId: string;

  @IsInt()
  @IsPositive()
  @Max(MAX_MINOR_UNITS)
  readonly amount: number;

  @Matches(CURRENCY_CODE, { message: CURRENCY_MESSAGE })
  readonly currency: string;

  constructor(transferId: string, fromAccountId: string, toAccountId: string, amount: number, currency: string) {
    this.transferId = transferId;
    this.fromAccountId = fromAccountId;
    this.toAccountId = toAccountId;
    this.amount = amount;
    this.currency = currency;
  }
}
