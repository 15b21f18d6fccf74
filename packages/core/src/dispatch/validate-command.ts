import { validate, type ValidationError } from 'class-validator';
import { CommandValidationError, type FieldError } from '../errors';
import type { CommandMeta } from '../metadata/registry';
import { pathText, payloadProblems } from './payload-problems';
import { previewValue } from './preview-value';

function toFieldError(error: ValidationError, parent: readonly (string | number)[]): FieldError {
  // class-validator names array elements by their index: `lines[2]`, not `lines.2`.
  const path = [...parent, /^\d+$/.test(error.property) && parent.length > 0 ? Number(error.property) : error.property];
  const name = pathText(path);
  const constraints = { ...(error.constraints ?? {}) };
  if (constraints.whitelistValidation !== undefined) {
    constraints.whitelistValidation = `property ${name} is not part of the command`;
  }
  return {
    property: error.property,
    path: name,
    value: previewValue(error.value),
    constraints,
    children: (error.children ?? []).map((child) => toFieldError(child, path)),
  };
}

/**
 * Validates a command instance with class-validator. Properties that carry no validator (and
 * are not the `@AggregateId`) are rejected as unknown, at every level class-validator
 * descends into (`@ValidateNested()`); keys such as `__proto__` and strings no store can hold
 * (a NUL, a lone surrogate) are rejected anywhere in the command.
 */
export async function validateCommand(meta: CommandMeta, command: object): Promise<void> {
  const problems = payloadProblems(command, {
    strings: true,
    shape: false, // an odd shape is the payload encoder's to report, with the event's path
    ...(meta.aggregateIdProperty !== undefined ? { skip: meta.aggregateIdProperty } : {}),
  });
  if (problems.length > 0) throw new CommandValidationError(meta.type, problems);
  const errors = await validate(command, {
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: false,
    validationError: { target: false, value: true },
  });
  if (errors.length > 0)
    throw new CommandValidationError(
      meta.type,
      errors.map((e) => toFieldError(e, [])),
    );
}
