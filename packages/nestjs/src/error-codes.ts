import type { EdictNotStartedError, ScopedEdictProviderError } from './errors';

// This package's error codes, so that `hasErrorCode` accepts them and narrows to their class.
declare module '@edict/core' {
  interface ErrorCodes {
    EDICT_NOT_STARTED: EdictNotStartedError;
    SCOPED_EDICT_PROVIDER: ScopedEdictProviderError;
  }
}
