import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** The pgbench binary: `PGBENCH`, or `pgbench` on the PATH (it comes with the PostgreSQL client). */
export const pgbenchBinary = (): string => process.env.PGBENCH ?? 'pgbench';

/** What one pgbench run reported. */
export interface PgbenchResult {
  /** Transactions per second, without the initial connection time. */
  readonly tps: number;
  readonly transactions: number;
}

/** pgbench's version line, or an error saying how to get pgbench. */
export async function pgbenchVersion(): Promise<string> {
  try {
    const { stdout } = await run(pgbenchBinary(), ['--version']);
    return stdout.trim();
  } catch (error) {
    throw new Error(
      `cannot run ${pgbenchBinary()} (${error instanceof Error ? error.message : String(error)}). ` +
        'The benchmarks compare against pgbench, which comes with the PostgreSQL client ' +
        '(Debian: apt-get install postgresql-client); set PGBENCH to its path if it is not on the PATH.',
      { cause: error },
    );
  }
}

/**
 * Runs `script` for `seconds` (whole seconds, at least 1) with `clients` connections, against
 * `url`, without pgbench's own vacuum (`-n`). Fails on a non-zero exit or a failed transaction.
 */
export async function runPgbench(
  url: string,
  script: string,
  clients: number,
  seconds: number,
  defines: readonly string[],
): Promise<PgbenchResult> {
  const dir = mkdtempSync(join(tmpdir(), 'edict-bench-'));
  const file = join(dir, 'script.sql');
  writeFileSync(file, script);
  const args = [
    '-n',
    '-M',
    'simple',
    '-f',
    file,
    '-c',
    String(clients),
    '-j',
    String(Math.min(clients, cpus().length)),
    '-T',
    String(Math.max(1, Math.round(seconds))),
    ...defines,
    url,
  ];
  try {
    const { stdout } = await run(pgbenchBinary(), args, { maxBuffer: 16 * 1024 * 1024 });
    return parsePgbench(stdout);
  } catch (error) {
    const output = (error as { stderr?: string; stdout?: string }).stderr ?? '';
    throw new Error(`pgbench failed: ${error instanceof Error ? error.message : String(error)}\n${output}`, {
      cause: error,
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Reads tps and counts from pgbench's summary; anything missing or failed is an error. */
export function parsePgbench(stdout: string): PgbenchResult {
  const tps = /^tps = ([\d.]+) \(without initial connection time\)$/m.exec(stdout);
  const processed = /^number of transactions actually processed: (\d+)/m.exec(stdout);
  const failed = /^number of failed transactions: (\d+)/m.exec(stdout);
  if (!tps || !processed) throw new Error(`unexpected pgbench output:\n${stdout}`);
  if (failed && Number(failed[1]) > 0) throw new Error(`pgbench: ${failed[1]} transactions failed:\n${stdout}`);
  const transactions = Number(processed[1]);
  if (transactions === 0) throw new Error(`pgbench processed no transaction:\n${stdout}`);
  return { tps: Number(tps[1]), transactions };
}
