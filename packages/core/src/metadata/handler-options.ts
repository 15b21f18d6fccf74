import type { ErrorPolicy } from '../contracts/error-policy';
import { InvalidOptionsError } from '../errors';
import { checkPolicy, ErrorPolicy as ErrorPolicies } from '../policies/error-policy';
import { checkOptionKeys } from '../validation/rules';

const HANDLER_OPTIONS = ['startFrom', 'errorPolicy'];

/** The options every handler kind takes (`@EventHandler`, `@Projection`, `@ProcessManager`), checked and defaulted. */
export function handlerOptions(
  where: string,
  options: Readonly<Record<string, unknown>>,
  more: readonly string[] = [],
): { startFrom: 'origin' | 'now'; errorPolicy: ErrorPolicy } {
  checkOptionKeys(where, options, [...HANDLER_OPTIONS, ...more]);
  const startFrom: unknown = options.startFrom ?? 'origin';
  if (startFrom !== 'origin' && startFrom !== 'now') {
    throw new InvalidOptionsError(where, 'startFrom', ['origin', 'now'], `must be 'origin' or 'now'`);
  }
  const errorPolicy = options.errorPolicy ?? ErrorPolicies.default();
  checkPolicy(where, errorPolicy);
  return { startFrom, errorPolicy };
}
