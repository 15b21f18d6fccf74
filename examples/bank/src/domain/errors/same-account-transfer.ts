import { DomainError } from '@edict/core';

/**
 * A transfer must go from one account to another one.
 *
 * @example
 * if (e instanceof SameAccountTransfer) reply(422, { accountId: e.accountId });
 */
export class SameAccountTransfer extends DomainError {
  constructor(
    readonly transferId: string,
    readonly accountId: string,
  ) {
    super('SAME_ACCOUNT_TRANSFER', `Transfer ${transferId} goes from account ${accountId} to itself`);
  }
}
