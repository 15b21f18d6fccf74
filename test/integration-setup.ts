import { Client } from 'pg';

/**
 * Runs before the integration tests. Without DATABASE_URL they are skipped, and the run says so;
 * with a DATABASE_URL that cannot be reached, the run fails here rather than skipping quietly.
 */
export default async function setup(): Promise<void> {
  const url = process.env.DATABASE_URL;
  if (!url) {
    console.log(
      '\n[edict] DATABASE_URL is not set: the real-PostgreSQL tests are SKIPPED (unit and PGlite tests still run).\n' +
        '[edict] To run them: DATABASE_URL=postgres://user@127.0.0.1:5432/db npm test  (see README, "Running the tests")\n',
    );
    return;
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
