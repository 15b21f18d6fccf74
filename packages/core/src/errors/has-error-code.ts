import { isEdictError } from './edict-error';
import type { ErrorCode, ErrorCodes } from './error-codes';

/**
 * Guard for one error code, independent of `instanceof`: the code is checked by the compiler
 * (a key of `ErrorCodes`) and the error narrowed to the class that carries it.
 *
 * @example
 * if (hasErrorCode(error, 'STORE_UNAVAILABLE')) console.warn(error.operation);
 */
export function hasErrorCode<C extends ErrorCode>(value: unknown, code: C): value is ErrorCodes[C] {
  return isEdictError(value) && value.code === code;
}
