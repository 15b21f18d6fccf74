import { join } from 'node:path';
import type { DatabaseConfig } from '@edict/example-bank/database';

/** The bank's settings, from the environment. */
export interface BankNestConfig extends DatabaseConfig {
  /** The HTTP server's port. */
  readonly port: number;
}

/**
 * Reads the settings from environment variables:
 * - `DATABASE_URL`: a PostgreSQL server; otherwise the embedded PGlite;
 * - `BANK_DATA_DIR`: PGlite's directory, `examples/bank-nest/data` by default;
 * - `BANK_SCHEMA`: the schema of the events and read models, `bank` by default;
 * - `PORT`: the HTTP server's port, 3000 by default (0 picks a free one).
 */
export function configFromEnv(env: NodeJS.ProcessEnv = process.env): BankNestConfig {
  const port = Number(env.PORT ?? '3000');
  if (!Number.isInteger(port) || port < 0 || port > 65_535) {
    throw new Error(`PORT must be a port number (0 to 65535), got '${env.PORT}'`);
  }
  return {
    ...(env.DATABASE_URL ? { databaseUrl: env.DATABASE_URL } : {}),
    dataDir: env.BANK_DATA_DIR || join(__dirname, '..', 'data'),
    schema: env.BANK_SCHEMA || 'bank',
    port,
  };
}
