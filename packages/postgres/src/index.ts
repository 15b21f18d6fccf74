import './peers/check-peers';
import './error-codes';

// What applications use. Store and plugin authors find the driver-level tools (error mapping,
// migrations as data, the schema-name rule, the checkpoint statements) in `@edict/postgres/spi`.
export { PostgresEventStore } from './store/postgres-event-store';
export type { PostgresEventStoreOptions } from './store/postgres-event-store-options';
export { createEmbeddedStore } from './embedded/create-embedded-store';
export type { EmbeddedStoreOptions } from './embedded/create-embedded-store';
export { migrate } from './schema/migrate';
export type { MigrateOptions } from './schema/migrate';
export { EventLogImmutableError } from './errors/event-log-immutable-error';
export { lockDataDirectory } from './embedded/data-directory-lock';
export type { DataDirectoryLock } from './embedded/data-directory-lock';
export { DataDirectoryInUseError } from './embedded/data-directory-in-use-error';
