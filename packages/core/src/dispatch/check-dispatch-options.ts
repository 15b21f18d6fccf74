import { InvalidArgumentError } from '../errors';
import { checkDelayMs, checkIdentifier, checkOptionKeys, MAX_ID_LENGTH } from '../validation/rules';
import type { DispatchOptions } from '../contracts/dispatch';

/** The options one `dispatch` takes. */
export const DISPATCH_OPTIONS = [
  'commandId',
  'correlationId',
  'causationId',
  'metadata',
  'consistency',
  'consistencyTimeoutMs',
] as const;

/** Checks the options of one dispatch (unknown keys, ids, metadata, the consistency timeout). */
export function checkDispatchOptions(options: DispatchOptions): DispatchOptions {
  checkOptionKeys('dispatch', options, DISPATCH_OPTIONS);
  for (const key of ['commandId', 'correlationId', 'causationId'] as const) {
    if (options[key] === undefined) continue;
    const problem = checkIdentifier(options[key], MAX_ID_LENGTH);
    if (problem) throw new InvalidArgumentError(key, problem);
  }
  checkDelayMs('dispatch', 'consistencyTimeoutMs', options.consistencyTimeoutMs, DISPATCH_OPTIONS);
  const md = options.metadata;
  if (md !== undefined && (typeof md !== 'object' || md === null || Array.isArray(md))) {
    throw new InvalidArgumentError('metadata', 'expected a plain object');
  }
  return options;
}
