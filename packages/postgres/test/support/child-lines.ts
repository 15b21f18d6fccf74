import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';

/** A child OS process running `script`, and the JSON lines it prints. */
export interface Child {
  readonly process: ChildProcess;
  readonly pid: number;
  /** Resolves with the next printed line that `match` accepts (rejects if the child exits first). */
  next<T extends Record<string, unknown>>(match: (line: T) => boolean, ms?: number): Promise<T>;
  /** Resolves once the child has exited. */
  readonly exited: Promise<void>;
}

export function startChild(script: string, args: readonly string[]): Child {
  const proc = spawn(process.execPath, [script, ...args], { stdio: ['pipe', 'pipe', 'inherit'] });
  const lines: Record<string, unknown>[] = [];
  const waiters: (() => void)[] = [];
  createInterface({ input: proc.stdout }).on('line', (text) => {
    lines.push(JSON.parse(text) as Record<string, unknown>);
    for (const wake of waiters.splice(0)) wake();
  });
  let done = false;
  const exited = new Promise<void>((resolve) =>
    proc.on('exit', () => {
      done = true;
      for (const wake of waiters.splice(0)) wake();
      resolve();
    }),
  );
  return {
    process: proc,
    pid: proc.pid!,
    exited,
    next: async <T extends Record<string, unknown>>(match: (line: T) => boolean, ms = 30_000) => {
      const until = Date.now() + ms;
      for (;;) {
        const found = lines.findIndex((l) => match(l as T));
        if (found >= 0) return lines.splice(found, 1)[0] as T;
        if (done) throw new Error(`child ${proc.pid} exited; it printed ${JSON.stringify(lines)}`);
        if (Date.now() > until) throw new Error(`child ${proc.pid} printed no matching line in ${ms} ms`);
        await new Promise<void>((wake) => {
          waiters.push(wake);
          setTimeout(wake, 100);
        });
      }
    },
  };
}
