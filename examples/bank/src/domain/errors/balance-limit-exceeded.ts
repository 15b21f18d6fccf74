import { DomainError } from '@edict/core';

/**
 * A deposit would take the balance past `limit` (minor units), beyond which it could not be
 * counted exactly.
 *
 * @example
 * if (e instanceof BalanceLimitExceeded) console.log(`room left: ${e.limit - e.balance}`);
 */
export class BalanceLimitExceeded extends DomainError {
  constructor(
    readonly accountId: string,
    readonly balance: number,
    readonly requested: number,
    readonly limit: number,
  ) {
    super(
      'BALANCE_LIMIT_EXCEEDED',
      `Depositing ${requested} into account ${accountId} (holding ${balance}) would pass the limit of ${limit}`,
    );
  }
}
