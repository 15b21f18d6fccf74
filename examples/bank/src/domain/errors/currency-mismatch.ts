import { DomainError } from '@edict/core';

/**
 * The command named another currency than the account's: an amount in one currency is never
 * booked as the same number of units of another.
 *
 * @example
 * if (isDomainError(e) && e.code === 'CURRENCY_MISMATCH') reply(422, { expected: e.accountCurrency });
 */
export class CurrencyMismatch extends DomainError {
  constructor(
    readonly accountId: string,
    readonly accountCurrency: string,
    readonly requestedCurrency: string,
  ) {
    super('CURRENCY_MISMATCH', `Account ${accountId} holds ${accountCurrency}, not ${requestedCurrency}`);
  }
}
