import { join } from 'node:path';
import { configFromEnv as bankConfigFromEnv, type BankConfig } from '@edict/example-bank/config';

/** The bank's settings, from the environment: the plain bank's, on NestJS. */
export type BankNestConfig = BankConfig;

/**
 * Reads the same environment variables as `npm run bank` (`DATABASE_URL`, `BANK_DATA_DIR`,
 * `BANK_SCHEMA`, `PORT`), with PGlite's directory in `examples/bank-nest/data` by default.
 */
export function configFromEnv(env: NodeJS.ProcessEnv = process.env): BankNestConfig {
  return bankConfigFromEnv(env, join(__dirname, '..', 'data'));
}
