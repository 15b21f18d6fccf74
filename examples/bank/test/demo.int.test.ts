import type { Pool } from 'pg';
import { DATABASE_URL, describePostgres, dropSchema, testPool, uniqueSchema } from '@edict/test-support/postgres';
import { buildExample, runDemo } from './support/demo';

// `npm run bank` with DATABASE_URL set, as CI runs it, in a schema of its own.
describePostgres('the demo script on PostgreSQL', () => {
  let pool: Pool;
  const schema = uniqueSchema('bank_demo');
  beforeAll(async () => {
    pool = testPool(1);
    await buildExample();
  }, 120_000);
  afterAll(async () => {
    await dropSchema(pool, schema);
    await pool.end();
  });

  it('plays the scenario, exits 0, and extends the stored history on a second run', async () => {
    const env = { DATABASE_URL: DATABASE_URL!, BANK_SCHEMA: schema };
    const first = await runDemo(env);
    expect(first.problems).toEqual([]);
    expect(first.code).toBe(0);
    expect(first.stdout).toContain(`PostgreSQL (DATABASE_URL), schema ${schema}`);
    expect(first.stdout).toMatch(/Ada -> Grace 25\.00 EUR .*: completed/);
    expect(first.stdout).toMatch(/money refunded/);
    expect(first.stdout).toContain('Stopped cleanly.');

    const second = await runDemo(env);
    expect(second.code).toBe(0);
    expect(second.stdout).toContain('found 18 events from earlier runs');
    expect(second.stdout).toContain('transfers created and lost nothing');
  }, 120_000);
});
