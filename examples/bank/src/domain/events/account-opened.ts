import { Event } from '@edict/core';

/**
 * An account was opened for `owner`; all its amounts are in `currency` (ISO 4217 code).
 *
 * @example
 * new AccountOpened(accountId, 'Ada Lovelace', 'EUR');
 */
@Event('bank.AccountOpened')
export class AccountOpened {
  constructor(
    readonly accountId: string,
    readonly owner: string,
    readonly currency: string,
  ) {}
}
