import { AggregateId, Command } from '@edict/core';
import { IsUUID } from 'class-validator';

/**
 * Closes an open account whose balance is zero.
 *
 * @example
 * await edict.dispatch(new CloseAccount(accountId));
 */
@Command('bank.CloseAccount')
export class CloseAccount {
  @AggregateId()
  @IsUUID()
  readonly accountId: string;

  constructor(accountId: string) {
    this.accountId = accountId;
  }
}
