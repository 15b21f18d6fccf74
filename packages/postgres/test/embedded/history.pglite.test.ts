import { PGlite } from '@electric-sql/pglite';
import { createPgConfig } from '@electric-sql/pglite/node-postgres';
import { Pool } from 'pg';
import { PostgresEventStore } from '@edict/postgres';
import { historySuite, repartitionSuite } from '@edict/test-support';

describe('time travel, truncation and repartitioning on PGlite', () => {
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

  const create = async () => {
    const store = new PostgresEventStore({ pool, schema: `history_${++n}`, coordination: 'in-process' });
    await store.migrate();
    return store;
  };
  historySuite('PGlite', create);
  repartitionSuite('PGlite', create);
});
