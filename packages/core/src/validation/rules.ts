import { InvalidNameError, InvalidOptionsError } from '../errors';

const TYPE_NAME = /^[A-Za-z][A-Za-z0-9_.:/-]{0,199}$/;
const AGGREGATE_NAME = /^[A-Za-z][A-Za-z0-9_.]{0,63}$/;

/** Message types and handler names: a letter, then letters, digits, `_ . : / -`; 200 at most. */
export function checkTypeName(kind: string, value: unknown): string {
  if (typeof value !== 'string' || !TYPE_NAME.test(value)) {
    throw new InvalidNameError(kind, value, 'use a letter, then letters, digits or _ . : / - (200 at most)');
  }
  return value;
}

/** Aggregate names prefix stream ids (`<name>-<id>`), so they may not contain '-'. */
export function checkAggregateName(value: unknown): string {
  if (typeof value !== 'string' || !AGGREGATE_NAME.test(value)) {
    throw new InvalidNameError('aggregate name', value, 'use a letter, then letters, digits, _ or . (64 at most)');
  }
  return value;
}

/** Rejects unknown keys, listing the valid ones. */
export function checkOptionKeys(where: string, options: unknown, valid: readonly string[]): void {
  if (options === undefined) return;
  if (typeof options !== 'object' || options === null || Array.isArray(options)) {
    throw new InvalidOptionsError(where, '(options)', valid, 'must be an object');
  }
  for (const key of Object.keys(options)) {
    if (!valid.includes(key)) throw new InvalidOptionsError(where, key, valid);
  }
}

export function checkPositiveInt(where: string, option: string, value: unknown, valid: readonly string[]): void {
  if (value !== undefined && !(Number.isSafeInteger(value) && (value as number) > 0)) {
    throw new InvalidOptionsError(
      where,
      option,
      valid,
      `must be a positive integer, got ${JSON.stringify(value) ?? typeof value}`,
    );
  }
}

/** The longest delay Node's timers keep: a longer one fires after 1 ms. */
export const MAX_TIMER_MS = 2_147_483_647;

/**
 * A duration given to a timer: a positive integer of milliseconds, at most `MAX_TIMER_MS`
 * (about 24.8 days). Node turns a longer delay into 1 ms, which would make a poll spin.
 */
export function checkDelayMs(where: string, option: string, value: unknown, valid: readonly string[]): void {
  checkPositiveInt(where, option, value, valid);
  if (value !== undefined && (value as number) > MAX_TIMER_MS) {
    throw new InvalidOptionsError(
      where,
      option,
      valid,
      `must be at most ${MAX_TIMER_MS} ms (2^31 - 1, the longest delay a timer keeps), got ${value as number}`,
    );
  }
}

/** A string the database can store: not empty, well-formed UTF-16, no control characters. */
export function checkIdentifier(value: unknown, maxLength: number): string | undefined {
  if (typeof value !== 'string') return `expected a string, got ${value === null ? 'null' : typeof value}`;
  if (value.length === 0) return 'is empty';
  if (value.length > maxLength) return `is ${value.length} characters long; at most ${maxLength} allowed`;
  if (!value.isWellFormed()) return 'is not well-formed Unicode (lone surrogate)';
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(value)) return 'contains control characters';
  return undefined;
}

export const MAX_ID_LENGTH = 200;
