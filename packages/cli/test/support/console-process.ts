import { spawn, type ChildProcess } from 'node:child_process';
import { BIN, cliEnv } from './cli';

/** `edict console --port 0 --json` in a child process, with the address and token it printed. */
export async function startConsole(args: readonly string[], env: Record<string, string>) {
  const child: ChildProcess = spawn(process.execPath, [BIN, ...args, '--json', 'console', '--port', '0'], {
    env: cliEnv(env),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (c: Buffer) => (stderr += c.toString()));
  const first = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (c: Buffer) => {
      out += c.toString();
      if (out.includes('\n')) resolve(out.split('\n')[0]!);
    });
    child.once('exit', (code) => reject(new Error(`edict console exited (${code}): ${stderr}`)));
  });
  const { url, token } = JSON.parse(first) as { url: string; token: string };
  return {
    url,
    token,
    stop: () =>
      new Promise<number | null>((resolve) => {
        child.once('exit', (code) => resolve(code));
        child.kill('SIGINT');
      }),
  };
}
