import type { Pool } from 'pg';

/** A column of the schema that can hold text: text, varchar, json, jsonb or bytea. */
interface TextColumn {
  table: string;
  column: string;
  type: string;
}

/** Where a scan found a value: table, column, and the value looked for. */
export interface Finding {
  readonly table: string;
  readonly column: string;
  readonly value: string;
}

/**
 * Reads every row of every table of `schema`, every column that can hold text (text,
 * varchar, json, jsonb, bytea), and reports each place one of `values` appears, in the clear.
 * Returns the tables scanned as well, so a test can check that none was left out.
 */
export async function scanForPlaintext(
  pool: Pool,
  schema: string,
  values: readonly string[],
): Promise<{ tables: string[]; columns: number; findings: Finding[] }> {
  const { rows: columns } = await pool.query<TextColumn>(
    `select c.table_name as table, c.column_name as column, c.data_type as type
       from information_schema.columns c
       join information_schema.tables t on t.table_schema = c.table_schema and t.table_name = c.table_name
      where c.table_schema = $1 and t.table_type = 'BASE TABLE'
        and c.data_type in ('text', 'character varying', 'json', 'jsonb', 'bytea')
      order by 1, 2`,
    [schema],
  );
  const { rows: tables } = await pool.query<{ table: string }>(
    `select table_name as table from information_schema.tables where table_schema = $1 and table_type = 'BASE TABLE' order by 1`,
    [schema],
  );
  const findings: Finding[] = [];
  for (const { table, column, type } of columns) {
    // Identifiers come from the catalog of a schema the test made: quoted, never user data.
    const expr = type === 'bytea' ? `"${column}"` : `"${column}"::text`;
    const { rows } = await pool.query<{ v: string | Buffer | null }>(`select ${expr} as v from "${schema}"."${table}"`);
    for (const { v } of rows) {
      if (v === null) continue;
      for (const value of values) {
        const found = typeof v === 'string' ? v.includes(value) : v.includes(Buffer.from(value, 'utf8'));
        if (found) findings.push({ table, column, value });
      }
    }
  }
  return { tables: tables.map((t) => t.table), columns: columns.length, findings };
}
