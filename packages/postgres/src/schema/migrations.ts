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

/**
 * The migrations in `dir`, checked: files `NNNN-name.sql`, numbered upwards from 1, each number
 * once. Numbers are handed out to changes made side by side, so one may land before a lower
 * one: `migrate` runs every version a database has not recorded, in order.
 */
export function readMigrations(dir: string): readonly Migration[] {
  let last = 0;
  const found = readdirSync(dir)
    .filter((file) => file.endsWith('.sql'))
    .sort()
    .map((file) => {
      const match = FILE_NAME.exec(file);
      const version = Number(match?.[1]);
      // A stray file, or a number used twice, would skip or reorder a schema change.
      if (!match || !(version > last)) {
        throw new Error(
          `@edict/postgres: migration file ${file} in ${dir} is not numbered after ${last} (NNNN-name.sql)`,
        );
      }
      last = version;
      const name = match[2]!.replaceAll('-', ' ');
      return Object.freeze({ version, name, sql: readFileSync(join(dir, file), 'utf8') });
    });
  return Object.freeze(found);
}
