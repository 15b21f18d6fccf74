import * as core from '@edict/core';
import { ConcurrencyError, EdictError, ErrorCode, hasErrorCode, StoreUnavailableError } from '@edict/core';

describe('error codes', () => {
  it('narrow an error to the class its code belongs to, with no type argument', () => {
    const error: unknown = new ConcurrencyError('account-1', 3, 5);
    expect(hasErrorCode(error, 'CONCURRENCY')).toBe(true);
    // Compiles only because the guard narrowed `error` to ConcurrencyError.
    if (hasErrorCode(error, ErrorCode.CONCURRENCY)) expect(error.actualVersion).toBe(5);
    expect(hasErrorCode(error, 'STORE_UNAVAILABLE')).toBe(false);
  });

  it('are checked by the compiler: a code no error carries does not compile', () => {
    const error: unknown = new StoreUnavailableError('append', new Error('down'));
    // @ts-expect-error 'STORE_DOWN' is no error code (the code is 'STORE_UNAVAILABLE').
    expect(hasErrorCode(error, 'STORE_DOWN')).toBe(false);
    expect(hasErrorCode(error, 'STORE_UNAVAILABLE')).toBe(true);
  });

  it('are constants whose value is the code itself', () => {
    for (const [key, value] of Object.entries(ErrorCode)) expect(value).toBe(key);
    expect(new ConcurrencyError('s', 1, 2).code).toBe(ErrorCode.CONCURRENCY);
  });

  it('list one code for every error class the package exports', () => {
    // The bases (EdictError, DomainError, RegistrationError) are never raised themselves.
    const bases = new Set<unknown>([core.EdictError, core.DomainError, core.RegistrationError]);
    const classes = Object.values(core).filter(
      (value) => typeof value === 'function' && value.prototype instanceof EdictError && !bases.has(value),
    );
    expect(classes.length).toBeGreaterThan(30);
    expect(Object.keys(ErrorCode)).toHaveLength(classes.length);
  });
});
