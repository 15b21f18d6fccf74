import { EdictError } from './edict-error';

const DOMAIN_ERROR = Symbol.for('edict.domain-error');

/**
 * Base class for the application's own rule violations, thrown by executors.
 *
 * @example
 * class InsufficientFunds extends DomainError {
 *   constructor(readonly accountId: string, readonly balance: number) {
 *     super('INSUFFICIENT_FUNDS', `Account ${accountId} holds only ${balance}`);
 *   }
 * }
 */
export abstract class DomainError extends EdictError {
  readonly code: string;
  readonly [DOMAIN_ERROR] = true;
  constructor(code: string, message: string) {
    super(message);
    this.code = code;
  }
}

/** True for a `DomainError` (across copies of the package). */
export function isDomainError(value: unknown): value is DomainError {
  return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[DOMAIN_ERROR] === true;
}
