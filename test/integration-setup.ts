import { Client } from 'pg';

/**
 * Fails, saying why, when the PostgreSQL at `url` cannot be reached: a set but unreachable
 * DATABASE_URL fails the run rather than skipping quietly. Shared by the integration tests'
 * and the reliability suite's global set-ups.
 */
export async function reachDatabase(url: string): Promise<void> {
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

/** Runs before the integration tests. Without DATABASE_URL they are skipped, and the run says so. */
export default async function setup(): Promise<void> {
  const url = process.env.DATABASE_URL;
  if (!url) {
    console.log(
      '\n[edict] DATABASE_URL is not set: the real-PostgreSQL tests are SKIPPED (unit and PGlite tests still run).\n' +
        '[edict] To run them: DATABASE_URL=postgres://user@127.0.0.1:5432/db npm test  (see README, "Running the tests")\n',
    );
    return;
  }
  await reachDatabase(url);
}
