import { Pool } from 'pg';
import {
  Edict,
  EdictStoppedError,
  hasErrorCode,
  isEdictError,
  StoreAccessError,
  StoreClosedError,
  StoreUnavailableError,
} from '@edict/core';
import { newEvent } from '@edict/core/testing';
import { PostgresEventStore } from '@edict/postgres';
import { Credit, Ledger, quietLogger } from '@edict/test-support';
import {
  DATABASE_URL,
  describePostgres,
  dropSchema,
  freshStore,
  testPool,
  uniqueSchema,
} from '@edict/test-support/postgres';

/** DATABASE_URL with another user or database. */
function urlWith(change: { user?: string; database?: string }): string {
  const url = new URL(DATABASE_URL!);
  if (change.user) url.username = change.user;
  if (change.database) url.pathname = `/${change.database}`;
  return url.toString();
}

/** Rejects if `promise` has not settled within `ms`: a request that hangs fails the test. */
function settledWithin<T>(promise: Promise<T>, ms: number): Promise<PromiseSettledResult<T>> {
  let timer: NodeJS.Timeout;
  const hung = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`not settled within ${ms} ms`)), ms);
  });
  return Promise.race([
    promise.then(
      (value) => ({ status: 'fulfilled', value }) as const,
      (reason: unknown) => ({ status: 'rejected', reason }) as const,
    ),
    hung,
  ]).finally(() => clearTimeout(timer));
}

describePostgres('driver failures become typed errors, and nothing hangs', () => {
  const pool = testPool(4);
  afterAll(() => pool.end());

  it.each([
    ['a role that does not exist (28000)', { user: 'edict_no_such_role' }, '28000'],
    ['a database that does not exist (3D000)', { database: 'edict_no_such_database' }, '3D000'],
  ])('reports %s as StoreAccessError, not a raw driver error', async (_what, change, sqlState) => {
    const store = new PostgresEventStore({ connectionString: urlWith(change), schema: uniqueSchema('access') });
    try {
      const error = await store.headPosition().catch((e: unknown) => e);
      expect(error).toBeInstanceOf(StoreAccessError);
      expect(error).toMatchObject({ code: 'STORE_ACCESS', operation: 'migrate', sqlState });
      const migrating = await store.migrate().catch((e: unknown) => e);
      expect(migrating).toMatchObject({ code: 'STORE_ACCESS', sqlState });
    } finally {
      await store.close();
    }
  });

  it('reports a pool that has no connection to give in time as StoreUnavailableError, which the retry recipe retries', async () => {
    const { store, schema, dispose } = await freshStore(pool, 'acquire');
    const small = new Pool({ connectionString: DATABASE_URL, max: 1, connectionTimeoutMillis: 100 });
    const starved = new PostgresEventStore({ pool: small, schema, migrate: false });
    const held = await small.connect(); // the pool's only connection, taken
    try {
      const error = await starved.headPosition().catch((e: unknown) => e);
      expect(error).toBeInstanceOf(StoreUnavailableError);
      expect(hasErrorCode(error, 'STORE_UNAVAILABLE')).toBe(true);
      // The recipe of the PostgreSQL guide retries exactly this: the second try succeeds.
      let attempts = 0;
      const position = await (async function retry(): Promise<number> {
        for (;;) {
          attempts++;
          try {
            return await starved.headPosition();
          } catch (e) {
            if (!hasErrorCode(e, 'STORE_UNAVAILABLE') || attempts === 5) throw e;
            if (attempts === 1) held.release();
          }
        }
      })();
      expect(position).toBe(0);
      expect(attempts).toBe(2);
    } finally {
      await starved.close();
      await small.end();
      await store.close();
      await dispose();
    }
  });

  it('settles every request in flight when the store is closed, and refuses later ones with StoreClosedError', async () => {
    const schema = uniqueSchema('closing');
    const store = new PostgresEventStore({ connectionString: DATABASE_URL, schema, poolConfig: { max: 3 } });
    await store.migrate();
    try {
      const requests: Promise<unknown>[] = [];
      for (let i = 0; i < 50; i++) {
        requests.push(
          i % 2 === 0
            ? store.append({ streamId: `s-${i}`, expectedVersion: 'no-stream', events: [newEvent()] })
            : store.readStream(`s-${i - 1}`, 1, 10),
        );
      }
      const closed = store.close();
      const outcomes = await Promise.all(requests.map((r) => settledWithin(r, 10_000)));
      await settledWithin(closed, 10_000);
      for (const outcome of outcomes) {
        if (outcome.status === 'rejected') expect(isEdictError(outcome.reason)).toBe(true);
      }
      // Requests made before close() was called are not cut off: they all completed.
      expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(50);
      await expect(store.readStream('s-0', 1, 10)).rejects.toBeInstanceOf(StoreClosedError);
      await expect(
        store.append({ streamId: 'late', expectedVersion: 'any', events: [newEvent()] }),
      ).rejects.toMatchObject({ code: 'STORE_CLOSED', operation: 'append' });
      const owner = { id: '0190a0e0-0000-7000-8000-0000000000aa', host: 'here', pid: 1 };
      await expect(store.acquireLease(owner, 'h', 0, 10_000)).rejects.toMatchObject({ code: 'STORE_CLOSED' });
      await store.close(); // again: nothing to do
    } finally {
      await dropSchema(pool, schema);
    }
  });

  it('refuses load() after stop() with EdictStoppedError', async () => {
    const { store, dispose } = await freshStore(pool, 'stopped');
    const edict = await Edict.create({ store, aggregates: [Ledger], logger: quietLogger(), closeStore: true });
    await edict.dispatch(Credit.of('a', 1));
    await edict.stop();
    await expect(edict.load(Ledger, 'a')).rejects.toBeInstanceOf(EdictStoppedError);
    await expect(store.headPosition()).rejects.toBeInstanceOf(StoreClosedError);
    await dispose();
  });
});
