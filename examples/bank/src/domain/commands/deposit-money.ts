import { AggregateId, Command } from '@edict/core';
import { IsInt, IsOptional, IsPositive, IsUUID, Matches, Max } from 'class-validator';
import { CURRENCY_CODE, CURRENCY_MESSAGE, MAX_MINOR_UNITS } from '../money';
import type { MoneyMovementOptions } from './money-movement-options';

/**
 * Pays `amount` (a positive integer in minor units) into an open account.
 *
 * @example
 * await edict.dispatch(new DepositMoney(accountId, 150_00));
 * await edict.dispatch(new DepositMoney(accountId, 150_00, { currency: 'EUR' }));
 */
@Command('bank.DepositMoney')
export class DepositMoney {
  @AggregateId()
  @IsUUID()
  readonly accountId: string;

  @IsInt()
  @IsPositive()
  @Max(MAX_MINOR_UNITS)
  readonly amount: number;

  @IsOptional()
  @Matches(CURRENCY_CODE, { message: CURRENCY_MESSAGE })
  readonly currency?: string;

  @IsOptional()
  @IsUUID()
  readonly transferId?: string;

  constructor(accountId: string, amount: number, options: MoneyMovementOptions = {}) {
    this.accountId = accountId;
    this.amount = amount;
    if (options.currency !== undefined) this.currency = options.currency;
    if (options.transferId !== undefined) this.transferId = options.transferId;
  }
}
