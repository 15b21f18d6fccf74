import { spawn, type ChildProcess } from 'child_process';
import { join } from 'path';
import { createInterface } from 'readline';

const SCRIPT = join(__dirname, 'handler-process.cjs');

/** One child process running the handler, and what it has said about itself. */
export interface Child {
  readonly id: string;
  readonly proc: ChildProcess;
  state: string;
  readonly states: string[];
  readonly errors: string[];
  stderr: string;
  exited: boolean;
  readonly exit: Promise<void>;
}

/** Starts a child running the handler on `schema` through `url`; `extra` adds to its environment. */
export function start(id: string, schema: string, url: string, extra: NodeJS.ProcessEnv = {}): Child {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DATABASE_URL: url,
    EDICT_SCHEMA: schema,
    CHILD_ID: id,
    BATCH_SIZE: '10',
    DELAY_MS: '5',
    ...extra,
  };
  delete env.NODE_OPTIONS; // jest's --experimental-vm-modules is not for the child
  const proc = spawn(process.execPath, [SCRIPT], { env, stdio: ['pipe', 'pipe', 'pipe'] });
  const child: Child = {
    id,
    proc,
    state: 'spawned',
    states: [],
    errors: [],
    stderr: '',
    exited: false,
    exit: new Promise<void>((resolve) =>
      proc.once('exit', () => {
        child.exited = true;
        resolve();
      }),
    ),
  };
  createInterface({ input: proc.stdout }).on('line', (line) => {
    let message: { kind?: string; state?: string; message?: string };
    try {
      message = JSON.parse(line) as typeof message;
    } catch {
      child.errors.push(line);
      return;
    }
    if (message.kind === 'state' && message.state) {
      child.state = message.state;
      child.states.push(message.state);
    } else {
      child.errors.push(`${message.kind}: ${message.message}`);
    }
  });
  proc.stderr.on('data', (chunk: Buffer) => (child.stderr += chunk.toString()));
  return child;
}

export const summary = (c: Child) =>
  `${c.id}: state=${c.state} states=${c.states.join('>')} errors=${c.errors.join(' | ')} stderr=${c.stderr.slice(0, 2000)}`;
