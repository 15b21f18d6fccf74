import { AggregateId, Command } from '@edict/core';
import { IsInt, IsPositive, IsUUID } from 'class-validator';

/** The deposit-like command of the dispatch scenarios: validated, one event each. */
@Command('bench.Deposit')
export class Deposit {
  @AggregateId()
  @IsUUID()
  readonly walletId: string;

  @IsInt()
  @IsPositive()
  readonly amount: number;

  constructor(walletId: string, amount: number) {
    this.walletId = walletId;
    this.amount = amount;
  }
}
