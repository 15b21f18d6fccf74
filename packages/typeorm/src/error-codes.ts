import type { CheckpointTableMissingError } from './errors';

// This package's error codes, so that `hasErrorCode` accepts them and narrows to their class.
declare module '@edict/core' {
  interface ErrorCodes {
    CHECKPOINT_TABLE_MISSING: CheckpointTableMissingError;
  }
}
