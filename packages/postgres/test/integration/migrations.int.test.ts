import { Pool } from 'pg';
import { migrate, PostgresEventStore } from '@edict/postgres';
import { migrations } from '@edict/postgres/spi';
import { DATABASE_URL, describePostgres, dropSchema, testPool, uniqueSchema } from '@edict/test-support/postgres';

describePostgres('migrations', () => {
  const pool = testPool(4);
  afterAll(() => pool.end());

  it('are safe when several processes start at once, and run once', async () => {
    const schema = uniqueSchema('migrate');
    const pools = Array.from({ length: 5 }, () => new Pool({ connectionString: DATABASE_URL, max: 1 }));
    try {
      const applied = await Promise.all(pools.map((p) => migrate(p, { schema })));
      expect(applied.flat()).toEqual(migrations().map((m) => m.version)); // all applied, each exactly once
      expect(await migrate(pool, { schema })).toEqual([]);
      const { rows } = await pool.query(`select version from "${schema}".migrations order by version`);
      expect(rows.map((r: { version: number }) => r.version)).toEqual(migrations().map((m) => m.version));
    } finally {
      await Promise.all(pools.map((p) => p.end()));
      await dropSchema(pool, schema);
    }
  });

  it('keep tenants apart: one schema per tenant', async () => {
    const [a, b] = [uniqueSchema('tenant_a'), uniqueSchema('tenant_b')];
    const storeA = new PostgresEventStore({ pool, schema: a });
    const storeB = new PostgresEventStore({ pool, schema: b });
    try {
      await storeA.saveCheckpoint('h', 3);
      await storeB.saveCheckpoint('h', 9);
      expect(await storeA.loadCheckpoint('h')).toBe(3);
      expect(await storeB.loadCheckpoint('h')).toBe(9);
    } finally {
      await Promise.all([storeA.close(), storeB.close()]);
      await dropSchema(pool, a);
      await dropSchema(pool, b);
    }
  });

  it.each(['edict"; drop schema public; --', 'Upper', '1starts_with_digit', '', 'x'.repeat(49), 'with space'])(
    'refuse the schema name %j before any SQL runs',
    (schema) => {
      expect(() => new PostgresEventStore({ pool, schema })).toThrow(
        expect.objectContaining({ code: 'INVALID_ARGUMENT' }) as Error,
      );
    },
  );

  it('refuse unknown options, listing the valid ones', () => {
    expect(() => new PostgresEventStore({ pool, shcema: 'x' } as never)).toThrow(/unknown option 'shcema'.*schema/);
  });
});
