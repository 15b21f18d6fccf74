import { plainToInstance } from 'class-transformer';
import type { Class } from '../contracts/class';
import { CommandValidationError } from '../errors';
import type { CommandMeta } from '../metadata/registry';
import { defineValue } from '../util/define-value';
import { nest, pathText, payloadProblems, type Problem } from './payload-problems';

/**
 * A constructor that shares a command class's prototype and class-transformer metadata (its
 * `@Type`, `@Expose`… decorators, inherited ones too) but runs none of its code: the command's
 * own constructor is not run, as for a command read from a payload everywhere else.
 */
const surrogates = new WeakMap<Class, Class>();
function surrogateOf(ctor: Class): Class {
  let surrogate = surrogates.get(ctor);
  if (!surrogate) {
    const made = function CommandPayload() {} as unknown as Class;
    made.prototype = Object.create(ctor.prototype as object, {
      constructor: { value: made, writable: true, configurable: true },
    }) as object;
    Object.setPrototypeOf(made, ctor);
    surrogates.set(ctor, made);
    surrogate = made;
  }
  return surrogate;
}

/**
 * Builds a command instance from a plain payload the way the TypeScript ecosystem does
 * (class-transformer's `plainToInstance`, as NestJS's ValidationPipe): nested values become
 * instances of the classes their `@Type(() => Class)` names, so `@ValidateNested()` validates
 * them; no implicit conversion (`"100"` stays a string). The payload is never modified.
 *
 * Before class-transformer sees it, the payload is checked at every level for keys such as
 * `__proto__` and `constructor`, cycles and excessive depth; after, for keys it dropped
 * silently (the names of methods or accessors): each is a field error, not a quiet loss.
 */
export function buildCommand(meta: CommandMeta, payload: Record<string, unknown>): object {
  const problems = payloadProblems(payload, { strings: false, shape: true });
  if (problems.length > 0) throw new CommandValidationError(meta.type, problems);
  const built = plainToInstance(surrogateOf(meta.ctor), payload, { enableImplicitConversion: false }) as Record<
    string,
    unknown
  >;
  const dropped: Problem[] = [];
  droppedKeys(payload, built, [], dropped);
  if (dropped.length > 0) throw new CommandValidationError(meta.type, nest(dropped));
  const command = Object.create(meta.ctor.prototype as object) as object;
  for (const key of Object.keys(built)) defineValue(command, key, built[key]);
  return command;
}

/** Keys of `given` that class-transformer left out of `built`, at every level both have. */
function droppedKeys(given: object, built: unknown, path: (string | number)[], out: Problem[]): void {
  if (typeof built !== 'object' || built === null) return;
  const isArray = Array.isArray(given);
  for (const key of Object.keys(given)) {
    const value = (given as Record<string, unknown>)[key];
    const here = [...path, isArray ? Number(key) : key];
    if (value !== undefined && !Object.prototype.hasOwnProperty.call(built, key)) {
      out.push({
        path: here,
        constraint: 'whitelistValidation',
        message: `property ${pathText(here)} is not part of the command`,
      });
    } else if (typeof value === 'object' && value !== null) {
      droppedKeys(value, (built as Record<string, unknown>)[key], here, out);
    }
  }
}
