import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { migrations } from '@edict/postgres/spi';
import { readMigrations } from '../../src/schema/migrations';

describe('migrations as one .sql file per version', () => {
  it('keeps the versions and names an existing database has recorded', () => {
    expect(migrations().map((m) => [m.version, m.name])).toEqual([
      [1, 'event store'],
      [2, 'process manager state'],
      [3, 'group commit'],
      [4, 'leaner appends'],
      [5, 'command fingerprints'],
      [6, 'one stream version check'],
      [7, 'dead letter retries'],
      [8, 'stream truncation'],
      [9, 'subject keys'],
      [10, 'handler leases'],
    ]);
    for (const m of migrations()) expect(m.sql).toContain('{S}.');
  });

  it('reads the files once', () => {
    expect(migrations()).toBe(migrations());
  });

  describe('refuses a folder whose files would skip or reorder a version', () => {
    let dir: string;
    beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'edict-migrations-'))));
    afterEach(() => rmSync(dir, { recursive: true, force: true }));

    it('a gap in the numbers', () => {
      writeFileSync(join(dir, '0001-first.sql'), 'select 1;');
      writeFileSync(join(dir, '0003-third.sql'), 'select 3;');
      expect(() => readMigrations(dir)).toThrow(/0003-third\.sql .* is not number 2/);
    });

    it('a file not named NNNN-name.sql', () => {
      writeFileSync(join(dir, '0001-first.sql'), 'select 1;');
      writeFileSync(join(dir, '2-Second.sql'), 'select 2;');
      expect(() => readMigrations(dir)).toThrow(/2-Second\.sql/);
    });

    it('reads the name from the file name', () => {
      writeFileSync(join(dir, '0001-first-step.sql'), 'select 1;');
      writeFileSync(join(dir, 'notes.txt'), 'not a migration');
      expect(readMigrations(dir)).toEqual([{ version: 1, name: 'first step', sql: 'select 1;' }]);
    });
  });
});
