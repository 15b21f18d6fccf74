import { join } from 'node:path';
import type { DatabaseConfig } from './database/open-database';

/** The bank's settings, from the environment. */
export interface BankConfig extends DatabaseConfig {
  /** The HTTP server's port. */
  readonly port: number;
}

/** The bank's own PGlite directory: `examples/bank/data`. */
const BANK_DATA_DIR = join(__dirname, '..', 'data');

/**
 * Reads the settings from environment variables:
 * - `DATABASE_URL`: a PostgreSQL server; otherwise the embedded PGlite;
 * - `BANK_DATA_DIR`: PGlite's directory, `defaultDataDir` when unset (`examples/bank/data`);
 * - `BANK_SCHEMA`: the schema of the events and read models, `bank` by default;
 * - `PORT`: the HTTP server's port, 3000 by default (0 picks a free one).
 *
 * The NestJS flavour of the bank reads the same variables with its own data directory.
 */
export function configFromEnv(env: NodeJS.ProcessEnv = process.env, defaultDataDir = BANK_DATA_DIR): BankConfig {
  const port = Number(env.PORT ?? '3000');
  if (!Number.isInteger(port) || port < 0 || port > 65_535) {
    throw new Error(`PORT must be a port number (0 to 65535), got '${env.PORT}'`);
  }
  return {
    ...(env.DATABASE_URL ? { databaseUrl: env.DATABASE_URL } : {}),
    dataDir: env.BANK_DATA_DIR || defaultDataDir,
    schema: env.BANK_SCHEMA || 'bank',
    port,
  };
}
