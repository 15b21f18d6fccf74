import { InvalidArgumentError } from 'commander';

/** A commander parser for a number > 0 (seconds, say), refusing anything else by the option's name. */
export const positiveNumber =
  (option: string) =>
  (value: string): number => {
    const n = Number(value);
    if (!Number.isFinite(n) || n <= 0) throw new InvalidArgumentError(`${option} must be a number > 0, got '${value}'`);
    return n;
  };

/** A whole number >= `min`, from the command line. */
export function wholeNumber(what: string, value: string, min = 0): number {
  const n = Number(value);
  if (!/^\d+$/.test(value) || !Number.isSafeInteger(n) || n < min) {
    throw new InvalidArgumentError(`${what} must be a whole number >= ${min}, got '${value}'`);
  }
  return n;
}
