import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PostgresEventStore, migrate } from '@edict/postgres';
import { channelOf, migrations } from '@edict/postgres/spi';
import { quietLogger } from '@edict/test-support';
import { describePostgres, dropSchema, testPool, uniqueSchema } from '@edict/test-support/postgres';
import { catalogOf } from '../support/catalog';

const SCHEMA_SQL = join(__dirname, '..', '..', 'sql', 'schema.sql');

const fill = (sql: string, schema: string) =>
  sql.replaceAll('{S}', `"${schema}"`).replaceAll('{CHANNEL}', channelOf(schema));

describePostgres('sql/schema.sql, the current schema in one file', () => {
  const pool = testPool(4);
  const schemas: string[] = [];
  const fresh = (prefix: string) => {
    const schema = uniqueSchema(prefix);
    schemas.push(schema);
    return schema;
  };
  afterAll(async () => {
    for (const schema of schemas) await dropSchema(pool, schema);
    await pool.end();
  });

  /** The schema as schema.sql builds it. */
  const fromSchemaFile = async (schema: string) => {
    await pool.query(`create schema "${schema}"`);
    await pool.query(fill(readFileSync(SCHEMA_SQL, 'utf8'), schema));
  };

  it('builds exactly what a fresh migrate builds', async () => {
    const [migrated, written] = [fresh('migrated'), fresh('written')];
    await migrate(pool, { schema: migrated });
    await fromSchemaFile(written);
    const expected = await catalogOf(pool, migrated);
    expect(expected.length).toBeGreaterThan(50);
    expect(await catalogOf(pool, written)).toEqual(expected);
    // A schema built from the file is recorded as up to date: migrate has nothing to do.
    expect(await migrate(pool, { schema: written })).toEqual([]);
  });

  it.each([1, 2, 3, 4, 5])(
    'a database left at version %i by an earlier release upgrades to the same schema',
    async (n) => {
      const [old, written] = [fresh(`at_${n}`), fresh(`ref_${n}`)];
      // As the earlier release's migrate left it: its own migrations table, versions 1 to n.
      await pool.query(`create schema "${old}"`);
      await pool.query(
        `create table "${old}".migrations (version integer primary key, name text not null, applied_at timestamptz not null default now())`,
      );
      for (const m of migrations().filter((m) => m.version <= n)) {
        await pool.query(fill(m.sql, old));
        await pool.query(`insert into "${old}".migrations (version, name) values ($1, $2)`, [m.version, m.name]);
      }
      expect(await migrate(pool, { schema: old })).toEqual(
        migrations()
          .filter((m) => m.version > n)
          .map((m) => m.version),
      );
      await fromSchemaFile(written);
      expect(await catalogOf(pool, old)).toEqual(await catalogOf(pool, written));

      const store = new PostgresEventStore({ pool, schema: old, logger: quietLogger() });
      try {
        const events = (id: string) => [
          {
            eventId: `0190a000-0000-7000-8000-00000000000${id}`,
            type: 't.Happened',
            schemaVersion: 1,
            data: {},
            metadata: { commandId: 'c', correlationId: 'c', causationId: 'c' },
          },
        ];
        const appended = await store.append({ streamId: 's', expectedVersion: 'no-stream', events: events('1') });
        expect(appended.version).toBe(1);
        await expect(
          store.append({ streamId: 's', expectedVersion: 'no-stream', events: events('2') }),
        ).rejects.toMatchObject({ code: 'CONCURRENCY', actualVersion: 1 });
      } finally {
        await store.close();
      }
    },
  );

  it('writes the stream version check once: every append function calls bump_stream', async () => {
    const schema = fresh('check_once');
    await migrate(pool, { schema });
    const { rows } = await pool.query<{ proname: string; checks: boolean; calls: boolean }>(
      `select p.proname, p.prosrc like '%on conflict (stream_id)%' as checks, p.prosrc like '%bump_stream(%' as calls
         from pg_proc p where p.pronamespace = (select oid from pg_namespace where nspname = $1)
          and p.proname in ('bump_stream', 'append_events', 'append_batch')`,
      [schema],
    );
    expect(rows.filter((r) => r.checks).map((r) => r.proname)).toEqual(['bump_stream']);
    // The plpgsql append functions call it; the others are wrappers of those.
    const plpgsql = await pool.query<{ proname: string; calls: boolean; wraps: boolean }>(
      `select p.proname, p.prosrc like '%bump_stream(%' as calls,
              p.prosrc ~ 'select \\* from "[^"]+"\\.append_(events|batch)\\(' as wraps
         from pg_proc p where p.pronamespace = (select oid from pg_namespace where nspname = $1)
          and p.proname in ('append_events', 'append_batch')`,
      [schema],
    );
    expect(plpgsql.rows.length).toBe(5);
    for (const row of plpgsql.rows) expect(row.calls || row.wraps).toBe(true);
  });
});
