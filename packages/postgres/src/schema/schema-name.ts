import { InvalidArgumentError } from '@edict/core';

const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,47}$/;

/**
 * A schema name from configuration, checked and quoted. Only lower-case letters, digits and
 * `_` are accepted (48 at most, so derived names stay within PostgreSQL's 63), so the quoted
 * identifier can never carry SQL.
 */
export function quoteSchema(name: unknown): string {
  if (typeof name !== 'string' || !SCHEMA_NAME.test(name)) {
    throw new InvalidArgumentError(
      'schema name',
      `${JSON.stringify(String(name)).slice(0, 80)}: use lower-case letters, digits and _ (a letter or _ first, 48 at most)`,
    );
  }
  return `"${name}"`;
}

/** The NOTIFY channel of a schema's event store. */
export const channelOf = (schema: string): string => `edict_events_${schema}`;
