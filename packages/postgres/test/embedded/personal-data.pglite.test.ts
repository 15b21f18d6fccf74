import { PGlite } from '@electric-sql/pglite';
import { createPgConfig } from '@electric-sql/pglite/node-postgres';
import { Pool } from 'pg';
import { PostgresEventStore } from '@edict/postgres';
import { plaintextScanSuite } from '../support/personal-data-suite';

describe('personal data on PGlite (guarantee 15)', () => {
  let db: PGlite;
  let pool: Pool;
  beforeAll(async () => {
    db = await PGlite.create();
    pool = new Pool({ ...createPgConfig(db), max: 1 });
  }, 60_000);
  afterAll(async () => {
    await pool.end();
    await db.close();
  });

  plaintextScanSuite(async () => {
    const store = new PostgresEventStore({ pool, schema: 'personal', coordination: 'in-process' });
    await store.migrate();
    return { store, pool, dispose: () => store.close() };
  });
});
