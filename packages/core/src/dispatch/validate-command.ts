import { validate, type ValidationError } from 'class-validator';
import { CommandValidationError, type FieldError } from '../errors';
import type { CommandMeta } from '../metadata/registry';

const MAX_VALUE_PREVIEW = 200;

function preview(value: unknown): unknown {
  if (typeof value === 'string' && value.length > MAX_VALUE_PREVIEW) {
    return `${value.slice(0, MAX_VALUE_PREVIEW)}… (${value.length} characters)`;
  }
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
  const errors = await validate(command, {
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: false,
    validationError: { target: false, value: true },
  });
  if (errors.length > 0) throw new CommandValidationError(meta.type, errors.map(toFieldError));
}
