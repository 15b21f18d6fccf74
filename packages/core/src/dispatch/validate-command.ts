import { validate, type ValidationError } from 'class-validator';
import { CommandValidationError, type FieldError } from '../errors';
import type { CommandMeta } from '../metadata/registry';

const MAX_VALUE_PREVIEW = 200;

/** What a field error shows of the value: short, and always JSON-serialisable. */
function preview(value: unknown): unknown {
  if (typeof value === 'string' && value.length > MAX_VALUE_PREVIEW) {
    return `${value.slice(0, MAX_VALUE_PREVIEW)}… (${value.length} characters)`;
  }
  if (typeof value === 'bigint') return `${value}n`; // JSON.stringify throws on a bigint
  if (typeof value === 'object' && value !== null) return undefined;
  return value;
}

function toFieldError(error: ValidationError): FieldError {
  const constraints = { ...(error.constraints ?? {}) };
  if (constraints.whitelistValidation !== undefined) {
    constraints.whitelistValidation = `property ${error.property} is not part of the command`;
  }
  return {
    property: error.property,
    value: preview(error.value),
    constraints,
    children: (error.children ?? []).map(toFieldError),
  };
}

/**
 * Validates a command instance with class-validator. Properties that carry no validator (and
 * are not the `@AggregateId`) are rejected as unknown.
 */
export async function validateCommand(meta: CommandMeta, command: object): Promise<void> {
  // class-validator's whitelist looks keys up on a plain object, so keys inherited from
  // Object.prototype (`__proto__`, `constructor`, `hasOwnProperty`…) would slip through it.
  const inherited = Object.keys(command).filter((key) => key === '__proto__' || key in Object.prototype);
  if (inherited.length > 0) {
    throw new CommandValidationError(
      meta.type,
      inherited.map((property) => ({
        property,
        constraints: { whitelistValidation: `property ${property} is not part of the command` },
        children: [],
      })),
    );
  }
  const errors = await validate(command, {
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: false,
    validationError: { target: false, value: true },
  });
  if (errors.length > 0) throw new CommandValidationError(meta.type, errors.map(toFieldError));
}
