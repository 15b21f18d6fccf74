// A plugin author's code on @edict/postgres/spi: the schema-name rule, the migrations as data
// (read from the installed package's sql folder), the checkpoint statements and the one
// translation of driver errors.
import {
  checkpointStatements,
  isConnectionError,
  mapPgError,
  migrations,
  quoteSchema,
  schemaNameProblem,
  type Migration,
} from '@edict/postgres/spi';
import { isEdictError } from '@edict/core';

const all: readonly Migration[] = migrations();
console.log(`migrations: ${all.map((m) => m.version).join(',')} (${all[0]!.name})`);
console.log(`placeholders: ${all.every((m) => m.sql.includes('{S}.')) ? 'in every migration' : 'missing'}`);
console.log(`rule: ${schemaNameProblem('Tenant') === undefined ? 'accepted' : 'refused'} Tenant`);
const sql = checkpointStatements(quoteSchema('tenant_1'));
console.log(`lock: ${sql.lock}`);
const mapped = mapPgError({ code: 'ED403', message: 'refused' }, 'purge');
console.log(`mapped: ${isEdictError(mapped) ? mapped.code : 'unchanged'}`);
console.log(`connection error: ${isConnectionError({ code: 'ECONNREFUSED' })}`);
