import { EdictError } from '@edict/core';

/**
 * `EdictService` was used before the application bootstrapped (Edict starts in
 * `onApplicationBootstrap`, once every provider exists), or after a start that failed.
 */
export class EdictNotStartedError extends EdictError {
  readonly code = 'EDICT_NOT_STARTED';
  constructor(readonly operation: string) {
    super(
      `EdictService.${operation}: Edict has not started; it starts when the Nest application bootstraps (app.init() or app.listen())`,
    );
  }
}

/**
 * An Edict class is a request-scoped or transient provider: Edict runs one instance of each
 * handler for the whole application, so it must be a singleton (the default scope).
 */
export class ScopedEdictProviderError extends EdictError {
  readonly code = 'SCOPED_EDICT_PROVIDER';
  constructor(
    readonly className: string,
    readonly role: string,
  ) {
    super(
      `${className} (${role}) is a request-scoped or transient provider; Edict needs one instance for the application: declare it with the default scope`,
    );
  }
}
