// First: a missing peer dependency is reported by name, before anything tries to load it.
import '../peers/check-peers';
import '../error-codes';

// The entry point for plugin and tool authors who work on the store's database themselves
// (`@edict/typeorm` is one): the one translation of driver errors, the migrations as data,
// the schema-name rule and the checkpoint statements. Applications import `@edict/postgres`.

// Driver errors
export { mapPgError } from '../errors/map-pg-error';
export type { AppendErrorContext } from '../errors/map-pg-error';
export { isConnectionError } from '../errors/is-connection-error';

// The schema
export { migrations } from '../schema/migrations';
export type { Migration } from '../schema/migrations';
export { schemaNameProblem, quoteSchema, channelOf } from '../schema/schema-name';
export { checkpointStatements } from '../tables/checkpoint-statements';
export { leaseStatements } from '../tables/lease-statements';
export type { LeaseStatements } from '../tables/lease-statements';
export type { CheckpointStatements } from '../tables/checkpoint-statements';

// Event rows read or written by hand: the metadata's stored form and the full form every read presents
export { storedMetadata, eventMetadataOf } from '../append/stored-metadata';
