import { spawn, type ChildProcess } from 'node:child_process';

/** A server started as a child process, once it has said where it listens. */
export interface ServerProcess {
  readonly child: ChildProcess;
  /** The address it printed (`listening on http://localhost:<port>`). */
  readonly url: string;
  /** Everything it wrote to stdout and stderr so far. */
  output(): string;
  /** How it ended: exit code, or the signal that ended it. */
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

const LISTENING = /listening on (http:\/\/localhost:\d+)/;

/**
 * Runs a Node script that prints `listening on http://localhost:<port>` once it serves, and
 * resolves when it has. The script's environment is the test's without `DATABASE_URL`, plus
 * `env`: each test says which database the server uses. Fails with the server's output when it
 * exits first or has not started within `timeoutMs`.
 */
export async function startServerProcess(
  script: string,
  env: Record<string, string>,
  timeoutMs = 30_000,
): Promise<ServerProcess> {
  const { DATABASE_URL: _ignored, ...inherited } = process.env;
  const child = spawn(process.execPath, [script], { env: { ...inherited, ...env } });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal })),
  );
  const started = Date.now();
  while (!LISTENING.test(output)) {
    if (Date.now() - started > timeoutMs || child.exitCode !== null) {
      child.kill('SIGKILL');
      throw new Error(`${script} did not start:\n${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return { child, url: LISTENING.exec(output)![1]!, output: () => output, exited };
}
