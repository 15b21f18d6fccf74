import { execFile } from 'node:child_process';
import { mkdir, rmdir, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const EXAMPLE = join(__dirname, '..', '..');
const MAIN = join(EXAMPLE, 'dist', 'main.js');
const LOCK = join(tmpdir(), 'edict-bank-example-build.lock');

/**
 * Builds the example (`tsc -b`, a no-op when it is up to date), so that the demo runs the
 * current sources. Test files run in parallel processes: a lock directory keeps two builds
 * from writing the same files at once.
 */
export async function buildExample(): Promise<void> {
  for (;;) {
    try {
      await mkdir(LOCK);
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const age = Date.now() - (await stat(LOCK).catch(() => ({ mtimeMs: Date.now() }))).mtimeMs;
      if (age > 5 * 60_000) await rmdir(LOCK).catch(() => undefined); // left by a killed run
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
  try {
    await run(process.execPath, [require.resolve('typescript/bin/tsc'), '-b', EXAMPLE]);
  } finally {
    await rmdir(LOCK);
  }
}

/** What a run of the demo printed, and how it exited. */
export interface DemoRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
  /** The lines of stderr other than Node's own warnings (deprecations of a dependency, say). */
  readonly problems: string[];
}

const problemsIn = (stderr: string): string[] =>
  stderr
    .split('\n')
    .filter((line) => line.trim() !== '' && !/^\(node:\d+\) \w*Warning|^\(Use `node --trace-/.test(line));

/** Runs `node examples/bank/dist/main.js` with `env` (and not the test's DATABASE_URL unless given). */
export async function runDemo(env: Record<string, string>): Promise<DemoRun> {
  const { DATABASE_URL: _ignored, ...inherited } = process.env;
  try {
    const { stdout, stderr } = await run(process.execPath, [MAIN], {
      env: { ...inherited, ...env },
      timeout: 240_000,
    });
    return { code: 0, stdout, stderr, problems: problemsIn(stderr) };
  } catch (error) {
    const failed = error as { code?: number; stdout?: string; stderr?: string };
    const stderr = failed.stderr ?? String(error);
    return { code: failed.code ?? -1, stdout: failed.stdout ?? '', stderr, problems: problemsIn(stderr) };
  }
}
