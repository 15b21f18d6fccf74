import type { DispatchOptions } from '../contracts/dispatch';
import { InvalidOptionsError } from '../errors';

/**
 * Validates a dispatch's `consistency` and its timeout before anything is dispatched; `known`
 * throws `UnknownHandlerError` for a handler name this application does not run.
 */
export function checkConsistency(options: DispatchOptions, known: (name: string) => unknown): void {
  const c = options.consistency;
  if (Array.isArray(c)) {
    for (const name of c as readonly unknown[]) known(String(name));
  } else if (c !== undefined && c !== 'eventual' && c !== 'strong') {
    throw new InvalidOptionsError(
      'dispatch',
      'consistency',
      ['eventual', 'strong', '[handler names]'],
      `must be 'eventual', 'strong' or a list of handler names`,
    );
  }
  const t = options.consistencyTimeoutMs;
  if (t !== undefined && !(Number.isSafeInteger(t) && t > 0)) {
    throw new InvalidOptionsError('dispatch', 'consistencyTimeoutMs', [], 'must be a positive integer');
  }
}
