import type { DataDirectoryInUseError } from './embedded/data-directory-in-use-error';
import type { EventLogImmutableError } from './errors/event-log-immutable-error';

// This package's error codes, so that `hasErrorCode` accepts them and narrows to their class.
declare module '@edict/core' {
  interface ErrorCodes {
    EVENT_LOG_IMMUTABLE: EventLogImmutableError;
    DATA_DIRECTORY_IN_USE: DataDirectoryInUseError;
  }
}
