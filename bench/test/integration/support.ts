import { execFileSync } from 'node:child_process';
import { Pool } from 'pg';
import { pgbenchBinary } from '../../src/support/pgbench';

export const DATABASE_URL = process.env.DATABASE_URL;

/** `describe` when DATABASE_URL is set, `describe.skip` otherwise (the run reports the skip). */
export const describePostgres: jest.Describe = DATABASE_URL ? describe : describe.skip;

function hasPgbench(): boolean {
  try {
    execFileSync(pgbenchBinary(), ['--version']);
    return true;
  } catch {
    console.log(`[edict] ${pgbenchBinary()} cannot be run: the pgbench tests of the benchmarks are SKIPPED.`);
    return false;
  }
}

/** As `describePostgres`, and pgbench must be there too (it comes with the PostgreSQL client). */
export const describePgbench: jest.Describe = DATABASE_URL && hasPgbench() ? describe : describe.skip;

let counter = 0;
/** A schema of this test file alone (the suite's own schemas are left to the suite). */
export function uniqueSchema(prefix: string): string {
  counter++;
  return `t_bench_${prefix}_${process.pid}_${counter}`.slice(0, 48);
}

export function adminPool(): Pool {
  return new Pool({ connectionString: DATABASE_URL, max: 2 });
}
