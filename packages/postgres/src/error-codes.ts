import type { DataDirectoryInUseError } from './data-directory-in-use-error';
import type { EventLogImmutableError } from './map-error';

// This package's error codes, so that `hasErrorCode` accepts them and narrows to their class.
declare module '@edict/core' {
  interface ErrorCodes {
    EVENT_LOG_IMMUTABLE: EventLogImmutableError;
    DATA_DIRECTORY_IN_USE: DataDirectoryInUseError;
  }
}
