import { InvalidArgumentError, InvalidOptionsError } from '../errors';
import { checkDelayMs, checkIdentifier, MAX_ID_LENGTH } from '../metadata/rules';
import { DISPATCH_OPTIONS, type DispatchOptions } from './types';

/** Checks the options of one dispatch (unknown keys, ids, metadata, the consistency timeout). */
export function checkDispatchOptions(options: DispatchOptions): DispatchOptions {
  if (typeof options !== 'object' || options === null) {
    throw new InvalidOptionsError('dispatch', '(options)', DISPATCH_OPTIONS, 'must be an object');
  }
  for (const key of Object.keys(options)) {
    if (!(DISPATCH_OPTIONS as readonly string[]).includes(key))
      throw new InvalidOptionsError('dispatch', key, DISPATCH_OPTIONS);
  }
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
