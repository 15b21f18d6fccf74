import { DomainError } from '@edict/core';

/**
 * The account was never opened: only `bank.OpenAccount` may target it.
 *
 * @example
 * if (isDomainError(e) && e.code === 'ACCOUNT_NOT_OPEN') reply(404, { accountId: e.accountId });
 */
export class AccountNotOpen extends DomainError {
  constructor(readonly accountId: string) {
    super('ACCOUNT_NOT_OPEN', `Account ${accountId} has not been opened`);
  }
}
