import type { ValueTransformer } from 'typeorm';

/**
 * Amounts are stored as `bigint` (a balance may pass 2^31 minor units). PostgreSQL's driver
 * returns a `bigint` as a string, since it may exceed JavaScript's exact integers; ours never
 * do (they stay within `MAX_MINOR_UNITS`), so they are read back as numbers.
 */
export const minorUnits: ValueTransformer = {
  to: (value: number | null | undefined) => value,
  from: (value: string | null) => (value === null ? null : Number(value)),
};
