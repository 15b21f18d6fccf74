import { InvalidArgumentError } from '@edict/core';

const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,47}$/;

/** PostgreSQL's own schemas: `pg_*` names are refused by `create schema`, and these hold the catalog. */
export const isReservedSchema = (name: string): boolean => name.startsWith('pg_') || name === 'information_schema';

/**
 * A schema name from configuration, checked and quoted. Only lower-case letters, digits and
 * `_` are accepted (48 at most, so derived names stay within PostgreSQL's 63), so the quoted
 * identifier can never carry SQL; PostgreSQL's reserved names (`pg_*`, `information_schema`)
 * are refused too.
 */
export function quoteSchema(name: unknown): string {
  if (typeof name !== 'string' || !SCHEMA_NAME.test(name)) {
    throw new InvalidArgumentError(
      'schema name',
      `${JSON.stringify(String(name)).slice(0, 80)}: use lower-case letters, digits and _ (a letter or _ first, 48 at most)`,
    );
  }
  if (isReservedSchema(name)) {
    throw new InvalidArgumentError(
      'schema name',
      `"${name}" is reserved by PostgreSQL (pg_* and information_schema are its own schemas): choose another`,
    );
  }
  return `"${name}"`;
}

/** The NOTIFY channel of a schema's event store. */
export const channelOf = (schema: string): string => `edict_events_${schema}`;
