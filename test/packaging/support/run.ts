import { spawn } from 'node:child_process';
import { delimiter, join } from 'node:path';

/** What a command did: its exit code and its output (stdout and stderr, interleaved). */
export interface RunResult {
  readonly command: string;
  readonly code: number | null;
  readonly output: string;
  readonly seconds: number;
}

/** Variables a step sets itself when it means to (a PGlite step must not find a server). */
const OWN = ['DATABASE_URL', 'SHOP_SCHEMA', 'INIT_CWD', 'NODE_OPTIONS'];

/**
 * The environment of a scratch command: this one without npm's `npm_*` variables (set by `npm
 * run`, they would steer the scratch installs: workspace, prefix, package) and without the
 * variables of `OWN`, with the folder's `node_modules/.bin` first on the PATH.
 */
function environment(cwd: string, extra: Readonly<Record<string, string>>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (!/^npm_/i.test(key) && !OWN.includes(key)) env[key] = value;
  }
  env.PATH = [join(cwd, 'node_modules', '.bin'), process.env.PATH ?? ''].join(delimiter);
  return { ...env, ...extra };
}

/** Runs a command to its end; never rejects (a failure is in the result). */
export function run(
  cwd: string,
  command: readonly string[],
  extraEnv: Readonly<Record<string, string>> = {},
): Promise<RunResult> {
  const started = Date.now();
  const text = command.join(' ');
  return new Promise((resolve) => {
    const child = spawn(command[0]!, command.slice(1), { cwd, env: environment(cwd, extraEnv) });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const done = (code: number | null, extra = '') =>
      resolve({ command: text, code, output: output + extra, seconds: (Date.now() - started) / 1000 });
    child.on('error', (error) => done(null, `\n${error.message}`));
    child.on('close', (code) => done(code));
  });
}

/** Throws, with the command's output, unless it exited with 0. */
export function succeeded(result: RunResult): RunResult {
  if (result.code !== 0) {
    throw new Error(`\`${result.command}\` exited with ${result.code}:\n${result.output.slice(-6000)}`);
  }
  return result;
}

/** One line of the step log, printed as it happens (Jest buffers console output). */
export function log(line: string): void {
  process.stdout.write(`[packaging] ${line}\n`);
}
