import { AggregateId, Command } from '@edict/core';
import { IsNotEmpty, IsString, IsUUID, Matches, MaxLength } from 'class-validator';
import { CURRENCY_CODE, CURRENCY_MESSAGE } from '../money';

/**
 * Opens a new account for `owner`, holding money in `currency` (three uppercase letters,
 * an ISO 4217 code such as `EUR`).
 *
 * @example
 * await edict.dispatch(new OpenAccount(randomUUID(), 'Ada Lovelace', 'EUR'));
 */
@Command('bank.OpenAccount')
export class OpenAccount {
  @AggregateId()
  @IsUUID()
  readonly accountId: string;

  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  readonly owner: string;

  @Matches(CURRENCY_CODE, { message: CURRENCY_MESSAGE })
  readonly currency: string;

  constructor(accountId: string, owner: string, currency: string) {
    this.accountId = accountId;
    this.owner = owner;
    this.currency = currency;
  }
}
