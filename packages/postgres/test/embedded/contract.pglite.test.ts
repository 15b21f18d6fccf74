import { PGlite } from '@electric-sql/pglite';
import { createPgConfig } from '@electric-sql/pglite/node-postgres';
import { Pool } from 'pg';
import { eventStoreContract } from '@edict/core/testing';
import { PostgresEventStore } from '@edict/postgres';

describe('PostgresEventStore on PGlite', () => {
  let db: PGlite;
  let pool: Pool;
  let n = 0;
  beforeAll(async () => {
    db = await PGlite.create();
    pool = new Pool({ ...createPgConfig(db), max: 1 });
  }, 60_000);
  afterAll(async () => {
    await pool.end();
    await db.close();
  });

  eventStoreContract('PGlite', {
    create: async () => {
      const store = new PostgresEventStore({ pool, schema: `pglite_${++n}`, coordination: 'in-process' });
      await store.migrate();
      return store;
    },
  });
});
