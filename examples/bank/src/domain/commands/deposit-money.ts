import { AggregateId, Command } from '@edict/core';
import { IsInt, IsPositive, IsUUID, Max } from 'class-validator';
import { MAX_MINOR_UNITS } from '../money';

/**
 * Pays `amount` (a positive integer in minor units) into an open account.
 *
 * @example
 * await edict.dispatch(new DepositMoney(accountId, 150_00));
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

  constructor(accountId: string, amount: number) {
    this.accountId = accountId;
    this.amount = amount;
  }
}
