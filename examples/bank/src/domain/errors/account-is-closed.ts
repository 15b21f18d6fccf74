import { DomainError } from '@edict/core';

/**
 * The account was closed: it accepts no further command, and its id is not reused.
 *
 * @example
 * if (isDomainError(e) && e.code === 'ACCOUNT_CLOSED') reply(409, { accountId: e.accountId });
 */
export class AccountIsClosed extends DomainError {
  constructor(readonly accountId: string) {
    super('ACCOUNT_CLOSED', `Account ${accountId} is closed`);
  }
}
