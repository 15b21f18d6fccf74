import { existsSync } from 'fs';
import { join } from 'path';
import { Client } from 'pg';

const ROOT = join(__dirname, '..', '..');

/**
 * The reliability suite needs a real PostgreSQL and the built packages (its child processes
 * run them): without either it fails here, saying what to do, rather than skipping.
 */
export default async function setup(): Promise<void> {
  const url = process.env.DATABASE_URL;
  if (!url) {
    throw new Error(
      'The reliability suite runs against real PostgreSQL: set DATABASE_URL, e.g. DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npm run test:reliability',
    );
  }
  for (const pkg of ['core', 'postgres', 'typeorm']) {
    const built = join(ROOT, 'packages', pkg, 'dist', 'index.js');
    if (!existsSync(built)) throw new Error(`${built} is missing: build the packages first (npx tsc -b)`);
  }
  const client = new Client({ connectionString: url, connectionTimeoutMillis: 5_000 });
  try {
    await client.connect();
    await client.query('select 1');
  } catch (error) {
    throw new Error(
      `DATABASE_URL is set but PostgreSQL cannot be reached: ${error instanceof Error ? error.message : String(error)}`,
      { cause: error },
    );
  } finally {
    await client.end().catch(() => undefined);
  }
}
