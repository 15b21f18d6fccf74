import { InvalidOptionsError } from '@edict/core';

/** The rule of `@edict/postgres` for schema names, reserved names included (its `quoteSchema` is not exported). */
const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,47}$/;

/**
 * A schema name from configuration, checked and quoted: only lower-case letters, digits and `_`,
 * so the quoted identifier can never carry SQL.
 */
export function quoteSchema(where: string, name: unknown, validOptions: readonly string[]): string {
  if (typeof name === 'string' && (name.startsWith('pg_') || name === 'information_schema')) {
    throw new InvalidOptionsError(
      where,
      'schema',
      validOptions,
      `must not be a name PostgreSQL reserves (pg_* or information_schema), got "${name}"`,
    );
  }
  if (typeof name !== 'string' || !SCHEMA_NAME.test(name)) {
    throw new InvalidOptionsError(
      where,
      'schema',
      validOptions,
      `must be lower-case letters, digits and _ (a letter or _ first, 48 at most), got ${JSON.stringify(String(name)).slice(0, 80)}`,
    );
  }
  return `"${name}"`;
}
