import type { Pool } from 'pg';
import { newEvent } from '@edict/core/testing';
import { PostgresEventStore } from '@edict/postgres';
import { describePostgres, dropSchema, testPool, uniqueSchema } from '@edict/test-support/postgres';

/** Appends run as named prepared statements, one name per schema, or unnamed when asked. */
describePostgres('prepared append statements', () => {
  let pool: Pool;
  const schemas: string[] = [];
  beforeEach(() => {
    pool = testPool(1); // one connection: every store below shares it
  });
  afterEach(async () => {
    for (const schema of schemas.splice(0)) await dropSchema(pool, schema);
    await pool.end();
  });

  const open = async (options: { preparedStatements?: boolean; schema?: string } = {}) => {
    const schema = options.schema ?? uniqueSchema('prep');
    if (!schemas.includes(schema)) schemas.push(schema);
    const store = new PostgresEventStore({ pool, schema, ...options });
    await store.migrate();
    return store;
  };
  /**
   * One single append, then a burst of four: the first two go alone (two transactions in
   * flight), the other two share a transaction.
   */
  const appendSome = async (store: PostgresEventStore, prefix: string) => {
    await store.append({ streamId: `${prefix}-0`, events: [newEvent()], expectedVersion: 'any' });
    const results = await Promise.all(
      [1, 2, 3, 4].map((i) =>
        store.append({ streamId: `${prefix}-${i}`, events: [newEvent()], expectedVersion: 'any' }),
      ),
    );
    return results.map((r) => r.version);
  };
  const prepared = async () =>
    (await pool.query<{ name: string }>(`select name from pg_prepared_statements order by name`)).rows.map(
      (r) => r.name,
    );

  it('keeps one name per schema, so that stores of several schemas share connections', async () => {
    const a = await open();
    const b = await open();
    expect(await appendSome(a, 'a')).toEqual([1, 1, 1, 1]);
    expect(await appendSome(b, 'b')).toEqual([1, 1, 1, 1]);
    expect(await appendSome(a, 'a')).toEqual([2, 2, 2, 2]);
    expect(await a.headPosition()).toBe(10);
    expect(await b.headPosition()).toBe(5);
    expect(await prepared()).toEqual(
      [
        `edict_append_${a.schema}`,
        `edict_append_${b.schema}`,
        `edict_batch_${a.schema}`,
        `edict_batch_${b.schema}`,
      ].sort(),
    );
  });

  it('still appends after its schema was dropped and created again under the connection', async () => {
    const schema = uniqueSchema('prep');
    const first = await open({ schema });
    expect(await appendSome(first, 's')).toEqual([1, 1, 1, 1]);
    await dropSchema(pool, schema);
    const second = await open({ schema });
    expect(await appendSome(second, 's')).toEqual([1, 1, 1, 1]);
    expect(await second.headPosition()).toBe(5);
  });

  it('prepares nothing with preparedStatements: false (for poolers that do not keep them)', async () => {
    const store = await open({ preparedStatements: false });
    expect(await appendSome(store, 'u')).toEqual([1, 1, 1, 1]);
    expect(await prepared()).toEqual([]);
  });
});
