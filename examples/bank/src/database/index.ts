// The bank's database: PostgreSQL or the embedded PGlite, the events and read models in it.
export { openDatabase } from './open-database';
export type { BankDatabase, DatabaseConfig } from './open-database';
