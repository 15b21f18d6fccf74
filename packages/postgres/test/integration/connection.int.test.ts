import { Pool } from 'pg';
import { StoreUnavailableError } from '@edict/core';
import { EventLogImmutableError, migrate } from '@edict/postgres';
import { quietLogger } from '@edict/test-support';
import { DATABASE_URL, describePostgres, dropSchema, uniqueSchema } from '@edict/test-support/postgres';
import { Connection } from '../../src/connection/connection';
import { Requests } from '../../src/connection/requests';

const logger = quietLogger();

describe('the settings of the dedicated connection', () => {
  it('are those the store built its own pool from', async () => {
    const connection = new Connection(
      { connectionString: 'postgres://someone@db.example:6543/app', poolConfig: { max: 3, application_name: 'bank' } },
      logger,
    );
    expect(connection.sessionConfig).toMatchObject({
      connectionString: 'postgres://someone@db.example:6543/app',
      application_name: 'bank',
    });
    await connection.end();
    expect(connection.pool.ended).toBe(true); // its own pool: ended with it
  });

  it('are those of a given pool, which stays open', async () => {
    const pool = new Pool({ connectionString: 'postgres://someone@db.example:6543/app', application_name: 'given' });
    const connection = new Connection({ pool }, logger);
    expect(connection.sessionConfig).toMatchObject({ application_name: 'given' });
    await connection.end();
    expect(pool.ended).toBe(false);
    await pool.end();
  });

  it('are sessionConfig when given', async () => {
    const connection = new Connection(
      { connectionString: 'postgres://pooler:6432/app', sessionConfig: { host: 'primary', port: 5432 } },
      logger,
    );
    expect(connection.sessionConfig).toEqual({ host: 'primary', port: 5432 });
    await connection.end();
  });
});

describePostgres('a statement on the pool', () => {
  const schema = uniqueSchema('connection');
  const pool = new Pool({ connectionString: DATABASE_URL, max: 1 });
  const connection = new Connection({ pool }, logger);
  beforeAll(() => migrate(pool, { schema }));
  afterAll(async () => {
    await dropSchema(pool, schema);
    await pool.end();
  });

  it('fails with the Edict error the driver error stands for, and gives its connection back', async () => {
    await expect(
      connection.query({ text: `truncate "${schema}".events` }, [], { operation: 'purge' }),
    ).rejects.toBeInstanceOf(EventLogImmutableError);
    expect(pool.totalCount).toBe(1); // the same connection, back in the pool
    expect(pool.idleCount).toBe(1);
    expect(await connection.query<{ one: number }>({ text: 'select 1 as one' }, [], { operation: 'x' })).toEqual([
      { one: 1 },
    ]);
  });

  it('on a connection that broke under it, fails as unavailable and discards that connection', async () => {
    const error = await connection
      .query({ text: 'select pg_terminate_backend(pg_backend_pid())' }, [], { operation: 'read all' })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StoreUnavailableError);
    expect(error).toMatchObject({ operation: 'read all' });
    expect(pool.totalCount).toBe(0);
    expect(await connection.query({ text: 'select 1 as one' }, [], { operation: 'x' })).toEqual([{ one: 1 }]);
  });

  it('runs as a named prepared statement when it has a name', async () => {
    const name = `edict_test_${process.pid}`;
    await connection.query({ text: 'select $1::int as n', name }, [7], { operation: 'x' });
    const prepared = await connection.query<{ name: string }>(
      { text: 'select name from pg_prepared_statements where name = $1' },
      [name],
      { operation: 'x' },
    );
    expect(prepared).toEqual([{ name }]); // one connection (max 1): the one that prepared it
  });
});

describe('the admission of requests', () => {
  const unreachable = () => new Connection({ connectionString: 'postgres://nobody@127.0.0.1:1/none' }, logger);

  it('runs a request only once the schema is ready', async () => {
    let open!: () => void;
    const ready = new Promise<void>((resolve) => (open = resolve));
    const connection = unreachable();
    const requests = new Requests(connection, () => ready);
    const order: string[] = [];
    const request = requests.admit('read all', async () => void order.push('ran'));
    await new Promise((resolve) => setImmediate(resolve));
    order.push('ready');
    open();
    await request;
    expect(order).toEqual(['ready', 'ran']);
    await connection.end();
  });

  it('refuses new requests once closing, and waits for those under way', async () => {
    const connection = unreachable();
    const requests = new Requests(connection, () => Promise.resolve());
    let finish!: () => void;
    const underWay = requests.admit('append', () => new Promise<string>((resolve) => (finish = () => resolve('done'))));
    await new Promise((resolve) => setImmediate(resolve));
    let closed = false;
    const closing = requests.close().then(() => (closed = true));
    await expect(requests.admit('read all', () => Promise.resolve())).rejects.toMatchObject({
      code: 'STORE_CLOSED',
      operation: 'read all',
    });
    expect(closed).toBe(false);
    finish();
    await expect(underWay).resolves.toBe('done');
    await closing;
    expect(closed).toBe(true);
    await connection.end();
  });
});
