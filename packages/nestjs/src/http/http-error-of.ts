import { isDomainError, isEdictError, isValidationError } from '@edict/core';

/** The status of Edict's own errors that a request can cause. */
export const EDICT_ERROR_STATUS: Readonly<Record<string, number>> = {
  COMMAND_VALIDATION: 400,
  INVALID_AGGREGATE_ID: 400,
  INVALID_ARGUMENT: 400,
  UNKNOWN_COMMAND: 400,
  CONCURRENCY: 409,
  DUPLICATE_COMMAND: 409,
  // A command id (an Idempotency-Key) reused for another command: 422, as the IETF's
  // Idempotency-Key draft says. An exact repeat gets the first result instead.
  COMMAND_ID_REUSED: 422,
  STOPPED: 503,
  EDICT_NOT_STARTED: 503,
  STORE_UNAVAILABLE: 503,
  STORE_CLOSED: 503,
};

/** An HTTP answer to an Edict error. */
export interface HttpErrorAnswer {
  readonly status: number;
  readonly body: Readonly<Record<string, unknown>>;
}

const GENERIC = ['name', 'message', 'code', 'stack', 'cause'];

/** An error's identifying fields (`accountId`, `balance`…), without the generic ones. */
function detailsOf(error: object): Record<string, unknown> {
  const details: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(error)) {
    if (GENERIC.includes(key)) continue;
    if (value === null || ['string', 'number', 'boolean'].includes(typeof value)) details[key] = value;
  }
  return details;
}

/**
 * The HTTP answer to an error, or `undefined` for an error that is not Edict's (Nest's own
 * handling answers those). The body is `{ statusCode, code, message, … }`:
 * - invalid fields (`CommandValidationError`): 400 with `commandType` and `fields`
 *   (`[{ property, path?, constraints, children? }]`);
 * - a domain error: its status in `statuses` (default 422), with its identifying fields;
 * - a concurrency conflict 409, a command id reused 422, a stopped application or an
 *   unavailable store 503 (`EDICT_ERROR_STATUS`);
 * - a strong-consistency wait that timed out: 202, since the command is stored;
 * - any other Edict error (a bug, a corrupt event): 500, with no detail.
 */
export function httpErrorOf(
  error: unknown,
  statuses: Readonly<Record<string, number>> = {},
): HttpErrorAnswer | undefined {
  if (!isEdictError(error)) return undefined;
  const answer = (status: number, details: Record<string, unknown> = {}) => ({
    status,
    body: { statusCode: status, code: error.code, message: error.message, ...details },
  });
  if (isValidationError(error)) {
    const fields = error.fieldErrors.map(({ property, path, constraints, children }) => ({
      property,
      ...(path !== undefined ? { path } : {}),
      constraints,
      ...(children.length > 0 ? { children } : {}),
    }));
    return answer(400, { commandType: error.commandType, fields });
  }
  if (isDomainError(error)) return answer(statuses[error.code] ?? 422, detailsOf(error));
  if (error.code === 'CONSISTENCY_TIMEOUT') {
    return { status: 202, body: { statusCode: 202, accepted: true, code: error.code, message: error.message } };
  }
  const status = statuses[error.code] ?? EDICT_ERROR_STATUS[error.code];
  if (status !== undefined) return answer(status);
  return { status: 500, body: { statusCode: 500, message: 'Internal server error' } };
}
