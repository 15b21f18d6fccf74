import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * One version of the schema. A migration never changes once released; changes come as new
 * versions. In `sql`, `{S}` stands for the quoted schema name and `{CHANNEL}` for the
 * notification channel (both validated, never user data).
 */
export interface Migration {
  readonly version: number;
  readonly name: string;
  readonly sql: string;
}

/** The package's `sql` folder: two levels above `src/schema` and `dist/schema` alike. */
export const SQL_DIR = join(__dirname, '..', '..', 'sql');

/** `0004-leaner-appends.sql`: version 4, named "leaner appends". */
const FILE_NAME = /^(\d{4})-([a-z0-9-]+)\.sql$/;

let loaded: readonly Migration[] | undefined;

/**
 * The migrations, in order: one file per version in the package's `sql/migrations` folder
 * (`sql/schema.sql` shows the schema they build). Read once.
 *
 * @example
 * for (const m of migrations()) console.log(m.version, m.name);
 */
export function migrations(): readonly Migration[] {
  loaded ??= readMigrations(join(SQL_DIR, 'migrations'));
  return loaded;
}

/** The migrations in `dir`, checked: files `NNNN-name.sql`, numbered 1, 2, 3… with no gap. */
export function readMigrations(dir: string): readonly Migration[] {
  const found = readdirSync(dir)
    .filter((file) => file.endsWith('.sql'))
    .sort()
    .map((file, i) => {
      const match = FILE_NAME.exec(file);
      const version = Number(match?.[1]);
      // Versions are 1, 2, 3…: a gap or a stray file would skip or reorder a schema change.
      if (!match || version !== i + 1) {
        throw new Error(`@edict/postgres: migration file ${file} in ${dir} is not number ${i + 1} (NNNN-name.sql)`);
      }
      const name = match[2]!.replaceAll('-', ' ');
      return Object.freeze({ version, name, sql: readFileSync(join(dir, file), 'utf8') });
    });
  return Object.freeze(found);
}
