import { hasErrorCode } from './has-error-code';
import type {
  CommandValidationError,
  ConcurrencyError,
  ConsistencyTimeoutError,
  UnknownCommandError,
} from './dispatch-errors';

/** True when `e` is a version conflict that outlived its retries. */
export const isConcurrencyError = (e: unknown): e is ConcurrencyError => hasErrorCode(e, 'CONCURRENCY');

/** True when `e` reports invalid command fields. */
export const isValidationError = (e: unknown): e is CommandValidationError => hasErrorCode(e, 'COMMAND_VALIDATION');

/** True when `e` reports a command nobody handles. */
export const isUnknownCommandError = (e: unknown): e is UnknownCommandError => hasErrorCode(e, 'UNKNOWN_COMMAND');

/** True when a strong-consistency wait timed out. */
export const isConsistencyTimeoutError = (e: unknown): e is ConsistencyTimeoutError =>
  hasErrorCode(e, 'CONSISTENCY_TIMEOUT');
