import { InvalidArgumentError } from '@edict/core';

const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,47}$/;

/** PostgreSQL's own schemas: `pg_*` names are refused by `create schema`, and these hold the catalog. */
export const isReservedSchema = (name: string): boolean => name.startsWith('pg_') || name === 'information_schema';

/**
 * The rule for a schema name from configuration: what is wrong with `name`, or undefined when
 * it may be used. Only lower-case letters, digits and `_` are accepted (48 at most, so derived
 * names stay within PostgreSQL's 63), so the quoted identifier can never carry SQL; PostgreSQL's
 * reserved names (`pg_*`, `information_schema`) are refused too.
 *
 * @example
 * const problem = schemaNameProblem(options.schema);
 * if (problem) throw new InvalidOptionsError('myPlugin', 'schema', OPTIONS, problem);
 */
export function schemaNameProblem(name: unknown): string | undefined {
  if (typeof name !== 'string' || !SCHEMA_NAME.test(name)) {
    return `${JSON.stringify(String(name)).slice(0, 80)}: use lower-case letters, digits and _ (a letter or _ first, 48 at most)`;
  }
  if (isReservedSchema(name)) {
    return `"${name}" is reserved by PostgreSQL (pg_* and information_schema are its own schemas): choose another`;
  }
  return undefined;
}

/**
 * A schema name from configuration, checked by `schemaNameProblem` (else an
 * `InvalidArgumentError`) and quoted.
 *
 * @example
 * const S = quoteSchema('tenant_42'); // "tenant_42"
 */
export function quoteSchema(name: unknown): string {
  const problem = schemaNameProblem(name);
  if (problem !== undefined) throw new InvalidArgumentError('schema name', problem);
  return `"${name as string}"`;
}

/** The NOTIFY channel of a schema's event store. */
export const channelOf = (schema: string): string => `edict_events_${schema}`;
