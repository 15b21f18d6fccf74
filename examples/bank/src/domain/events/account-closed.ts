import { Event } from '@edict/core';

/**
 * An account was closed (its balance was zero). It accepts no further command.
 *
 * @example
 * new AccountClosed(accountId);
 */
@Event('bank.AccountClosed')
export class AccountClosed {
  constructor(readonly accountId: string) {}
}
