import { DomainError } from '@edict/core';

/**
 * An account with this id is already open; an account is opened once.
 *
 * @example
 * if (isDomainError(e) && e.code === 'ACCOUNT_ALREADY_OPEN') reply(409, { accountId: e.accountId });
 */
export class AccountAlreadyOpen extends DomainError {
  constructor(readonly accountId: string) {
    super('ACCOUNT_ALREADY_OPEN', `Account ${accountId} is already open`);
  }
}
