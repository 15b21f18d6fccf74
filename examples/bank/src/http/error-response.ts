import { isDomainError, isEdictError, isValidationError, type Logger } from '@edict/core';
import type { ApiResponse } from './api';
import { HttpError } from './http-error';

/**
 * The status of each domain error: 404 for what does not exist, 409 for a request that
 * conflicts with the current state of the resource (retrying later may succeed), 422 for a
 * request the rules refuse as it stands.
 */
export const DOMAIN_ERROR_STATUS: Readonly<Record<string, number>> = {
  ACCOUNT_NOT_OPEN: 404,
  TRANSFER_NOT_REQUESTED: 404,
  ACCOUNT_ALREADY_OPEN: 409,
  ACCOUNT_CLOSED: 409,
  BALANCE_NOT_ZERO: 409,
  TRANSFER_ALREADY_REQUESTED: 409,
  TRANSFER_ALREADY_SETTLED: 409,
  INSUFFICIENT_FUNDS: 422,
  BALANCE_LIMIT_EXCEEDED: 422,
  CURRENCY_MISMATCH: 422,
  SAME_ACCOUNT_TRANSFER: 422,
};

/** The status of Edict's own errors that a request can cause. */
const EDICT_ERROR_STATUS: Readonly<Record<string, number>> = {
  INVALID_AGGREGATE_ID: 400,
  INVALID_ARGUMENT: 400,
  DUPLICATE_COMMAND: 409,
  // The Idempotency-Key was used for another request (another operation or body): 422, as
  // the IETF's Idempotency-Key draft says. An exact repeat gets the first answer instead.
  COMMAND_ID_REUSED: 422,
  CONCURRENCY: 409,
  STOPPED: 503,
  STORE_UNAVAILABLE: 503,
  STORE_CLOSED: 503,
};

/** An error's identifying fields (`accountId`, `balance`…), without the generic ones. */
function detailsOf(error: object): Record<string, unknown> {
  const details: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(error)) {
    if (['name', 'message', 'code', 'stack', 'cause'].includes(key)) continue;
    if (value === null || ['string', 'number', 'boolean'].includes(typeof value)) details[key] = value;
  }
  return details;
}

const failure = (status: number, code: string, message: string, details: Record<string, unknown> = {}) => ({
  status,
  body: { error: { code, message, ...details } },
});

/**
 * Turns an error into the API's answer, `{ error: { code, message, …fields } }`:
 * - invalid fields (`CommandValidationError`): 400, with `fields: [{ property, path, constraints }]`;
 * - a domain rule: its status in `DOMAIN_ERROR_STATUS` (422 if unlisted), with its fields;
 * - a strong-consistency wait that timed out: 202, since the change is stored;
 * - anything else: 500, logged, with no detail given out.
 */
export function errorResponse(error: unknown, logger: Logger): ApiResponse {
  if (error instanceof HttpError) return failure(error.status, error.code, error.message, { ...error.details });
  if (isValidationError(error)) {
    const fields = error.fieldErrors.map(({ property, path, constraints, children }) => ({
      property,
      ...(path !== undefined ? { path } : {}),
      constraints,
      ...(children.length > 0 ? { children } : {}),
    }));
    return failure(400, error.code, error.message, { commandType: error.commandType, fields });
  }
  if (isDomainError(error)) {
    return failure(DOMAIN_ERROR_STATUS[error.code] ?? 422, error.code, error.message, detailsOf(error));
  }
  if (isEdictError(error) && error.code === 'CONSISTENCY_TIMEOUT') {
    return {
      status: 202,
      body: { accepted: true, message: `Stored; the read models have not caught up yet (${error.message})` },
    };
  }
  if (isEdictError(error) && EDICT_ERROR_STATUS[error.code] !== undefined) {
    return failure(EDICT_ERROR_STATUS[error.code]!, error.code, error.message);
  }
  logger.error('Unexpected error while answering a request', {
    error: error instanceof Error ? (error.stack ?? error.message) : String(error),
  });
  return failure(500, 'INTERNAL', 'Something went wrong on our side');
}
