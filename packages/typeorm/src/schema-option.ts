import { InvalidOptionsError } from '@edict/core';
import { quoteSchema, schemaNameProblem } from '@edict/postgres/spi';

/**
 * The `schema` option, checked by `@edict/postgres`'s own rule for schema names (an
 * `InvalidOptionsError` naming the option otherwise) and quoted.
 */
export function quoteSchemaOption(where: string, name: unknown, validOptions: readonly string[]): string {
  const problem = schemaNameProblem(name);
  if (problem !== undefined) throw new InvalidOptionsError(where, 'schema', validOptions, problem);
  return quoteSchema(name);
}
