export { PostgresEventStore } from './postgres-event-store';
export type { PostgresEventStoreOptions } from './postgres-event-store';
export { createEmbeddedStore } from './embedded';
export type { EmbeddedStoreOptions } from './embedded';
export { migrate } from './schema/migrate';
export type { MigrateOptions } from './schema/migrate';
export { MIGRATIONS } from './schema/migrations';
export type { Migration } from './schema/migrations';
export { mapPgError, isConnectionError, EventLogImmutableError } from './map-error';
