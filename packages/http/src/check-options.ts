import { InvalidOptionsError } from '@edict/core';

/** Refuses an options object with keys the handler does not know, listing the valid ones. */
export function checkKeys(where: string, options: object, valid: readonly string[]): void {
  for (const key of Object.keys(options)) if (!valid.includes(key)) throw new InvalidOptionsError(where, key, valid);
}

/** A positive integer option, or its default. */
export function positiveInt(
  where: string,
  option: string,
  value: unknown,
  fallback: number,
  valid: readonly string[],
): number {
  if (value === undefined) return fallback;
  // Node's timers keep at most 2^31 - 1 ms; a longer delay fires after 1 ms.
  if (!Number.isSafeInteger(value) || (value as number) <= 0 || (value as number) > 2_147_483_647) {
    throw new InvalidOptionsError(
      where,
      option,
      valid,
      `must be a positive integer of at most 2147483647, got ${JSON.stringify(value) ?? typeof value}`,
    );
  }
  return value as number;
}
