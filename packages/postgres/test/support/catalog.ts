import type { Pool } from 'pg';

/**
 * What a schema holds, as sorted lines, read from the catalog (no pg_dump needed): relations,
 * columns, constraints, indexes, functions with their bodies, triggers, and the rows of the
 * head and migrations tables. The schema's name reads `{S}` wherever it appears, so that two
 * schemas built alike give the same lines.
 */
export async function catalogOf(pool: Pool, schema: string): Promise<string[]> {
  const queries = [
    `select format('relation %s kind %s', c.relname, c.relkind) as line
       from pg_class c where c.relnamespace = (select oid from pg_namespace where nspname = $1)`,
    `select format('column %s.%s #%s %s %s nullable=%s default=%s identity=%s', table_name, column_name,
              ordinal_position, data_type, udt_name, is_nullable, coalesce(column_default, '-'),
              coalesce(identity_generation, '-')) as line
       from information_schema.columns where table_schema = $1`,
    `select format('constraint %s on %s: %s', conname, conrelid::regclass::text, pg_get_constraintdef(oid)) as line
       from pg_constraint where connamespace = (select oid from pg_namespace where nspname = $1)`,
    `select format('index %s: %s', indexname, indexdef) as line from pg_indexes where schemaname = $1`,
    `select format('function %s(%s) returns %s language %s volatility %s: %s', p.proname,
              pg_get_function_identity_arguments(p.oid), pg_get_function_result(p.oid), l.lanname,
              p.provolatile, p.prosrc) as line
       from pg_proc p join pg_language l on l.oid = p.prolang
      where p.pronamespace = (select oid from pg_namespace where nspname = $1)`,
    `select format('trigger %s: %s', t.tgname, pg_get_triggerdef(t.oid)) as line
       from pg_trigger t join pg_class c on c.oid = t.tgrelid
      where c.relnamespace = (select oid from pg_namespace where nspname = $1) and not t.tgisinternal`,
  ];
  const lines: string[] = [];
  for (const text of queries) {
    const { rows } = await pool.query<{ line: string }>(text, [schema]);
    lines.push(...rows.map((r) => r.line));
  }
  const S = `"${schema}"`;
  const head = await pool.query<{ id: number; position: string }>(`select id, position from ${S}.head`);
  lines.push(...head.rows.map((r) => `head row ${r.id}: ${r.position}`));
  const applied = await pool.query<{ version: number; name: string }>(`select version, name from ${S}.migrations`);
  lines.push(...applied.rows.map((r) => `migration ${r.version}: ${r.name}`));
  return lines.map((line) => line.replaceAll(S, '{S}').replaceAll(schema, '{S}')).sort();
}
