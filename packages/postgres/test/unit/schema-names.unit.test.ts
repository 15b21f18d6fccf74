import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Pool } from 'pg';
import { InvalidArgumentError } from '@edict/core';
import { createEmbeddedStore, migrate, PostgresEventStore } from '@edict/postgres';

// Nothing here reaches a server: every name must be refused before a connection is opened.
const unreachable = 'postgres://nobody@127.0.0.1:1/none';

describe('schema names PostgreSQL reserves are refused at construction', () => {
  it.each(['pg_catalog', 'pg_toast', 'pg_edict', 'pg_', 'information_schema'])(
    'PostgresEventStore refuses %j with an InvalidArgumentError naming the rule',
    (schema) => {
      let error: unknown;
      try {
        new PostgresEventStore({ connectionString: unreachable, schema });
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(InvalidArgumentError);
      expect(error).toMatchObject({ code: 'INVALID_ARGUMENT', argument: 'schema name' });
      expect((error as Error).message).toContain('reserved');
    },
  );

  it('migrate refuses them before it takes a connection', async () => {
    const pool = new Pool({ connectionString: unreachable, connectionTimeoutMillis: 100 });
    try {
      await expect(migrate(pool, { schema: 'pg_catalog' })).rejects.toMatchObject({
        code: 'INVALID_ARGUMENT',
        argument: 'schema name',
      });
      expect(pool.totalCount).toBe(0);
    } finally {
      await pool.end();
    }
  });

  it('still accepts names that merely contain pg_ or information', () => {
    for (const schema of ['my_pg_events', 'information', 'pgx', 'public']) {
      expect(() => new PostgresEventStore({ connectionString: unreachable, schema })).not.toThrow();
    }
  });
});

describe('createEmbeddedStore checks its schema like the server store', () => {
  const parent = mkdtempSync(join(tmpdir(), 'edict-schema-'));
  let refusals = 0;
  afterAll(() => rmSync(parent, { recursive: true, force: true }));

  it.each(['', 'pg_catalog', 'information_schema', 'Upper', 'a"; drop schema x; --'])(
    'refuses %j before PGlite starts',
    async (schema) => {
      const dataDir = join(parent, `refused-${refusals++}`);
      await expect(createEmbeddedStore({ dataDir, schema })).rejects.toMatchObject({
        code: 'INVALID_ARGUMENT',
        argument: 'schema name',
      });
      expect(existsSync(dataDir)).toBe(false); // PGlite never started: nothing was written
    },
  );
});
