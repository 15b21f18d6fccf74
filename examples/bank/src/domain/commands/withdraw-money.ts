import { AggregateId, Command } from '@edict/core';
import { IsInt, IsPositive, IsUUID, Max } from 'class-validator';
import { MAX_MINOR_UNITS } from '../money';

/**
 * Takes `amount` (a positive integer in minor units) out of an open account; never below zero.
 *
 * @example
 * await edict.dispatch(new WithdrawMoney(accountId, 30_00));
 */
@Command('bank.WithdrawMoney')
export class WithdrawMoney {
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
