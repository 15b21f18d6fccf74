import { CommandValidationError } from '@edict/core';
import { HttpError } from './http-error';

/**
 * The fields of a JSON body meant for a command, checked against the ones this route accepts.
 * Others (an `accountId` that the path gives, a `transferId` that only transfers set) are
 * refused with the command's own `CommandValidationError`, so that every field error reaches
 * the client in one shape. The values are left to the command's validation.
 *
 * @example
 * const fields = bodyFields(await request.body(), ['amount', 'currency'], 'bank.DepositMoney');
 * await edict.dispatch(DepositMoney, { ...fields, accountId });
 */
export function bodyFields(body: unknown, accepted: readonly string[], commandType: string): Record<string, unknown> {
  if (body === undefined) return {};
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new HttpError(400, 'INVALID_BODY', 'The body must be a JSON object');
  }
  const refused = Object.keys(body).filter((key) => !accepted.includes(key));
  if (refused.length > 0) {
    throw new CommandValidationError(
      commandType,
      refused.map((property) => ({
        property,
        constraints: {
          whitelistValidation: `property ${property} is not accepted here (accepted: ${accepted.join(', ') || 'none'})`,
        },
        children: [],
      })),
    );
  }
  return { ...body };
}
