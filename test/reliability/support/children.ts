import { spawn, type ChildProcess } from 'child_process';
import { join } from 'path';
import { createInterface } from 'readline';
import { DATABASE_URL, sleep } from './db';

/** One JSON line a child printed: `{ "kind": "...", ... }`. */
export interface Message {
  readonly kind: string;
  readonly [key: string]: unknown;
}

const running = new Set<Child>();

/**
 * A separate OS process running one of the .cjs scripts of this folder on the built packages.
 * It prints JSON lines on stdout and reads JSON lines on stdin; when its stdin closes (this
 * process stopped it, or died) it stops by itself, so no orphan keeps a lease or a connection.
 */
export class Child {
  readonly proc: ChildProcess;
  readonly messages: Message[] = [];
  /** stderr and stdout lines that are not JSON, the last 20,000 characters. */
  output = '';
  exited = false;
  readonly exit: Promise<void>;

  constructor(
    readonly name: string,
    script: string,
    env: Record<string, string>,
  ) {
    const childEnv: NodeJS.ProcessEnv = { ...process.env, DATABASE_URL, CHILD_ID: name, ...env };
    delete childEnv.NODE_OPTIONS; // jest's --experimental-vm-modules is not for the child
    this.proc = spawn(process.execPath, [join(__dirname, script)], { env: childEnv, stdio: ['pipe', 'pipe', 'pipe'] });
    running.add(this);
    this.exit = new Promise<void>((resolve) =>
      this.proc.once('exit', () => {
        this.exited = true;
        running.delete(this);
        resolve();
      }),
    );
    this.proc.stdin!.on('error', () => undefined); // writing to a child just killed
    createInterface({ input: this.proc.stdout! }).on('line', (line) => {
      try {
        const message = JSON.parse(line) as Message;
        if (typeof message.kind === 'string') {
          this.messages.push(message);
          return;
        }
      } catch {
        // not JSON: kept as output
      }
      this.keep(`${line}\n`);
    });
    this.proc.stderr!.on('data', (chunk: Buffer) => this.keep(chunk.toString()));
  }

  private keep(text: string): void {
    this.output = (this.output + text).slice(-20_000);
  }

  /** Sends one JSON line to the child. */
  send(message: object): void {
    if (!this.exited) this.proc.stdin!.write(`${JSON.stringify(message)}\n`);
  }

  /** The messages of one kind received so far. */
  all(kind: string): Message[] {
    return this.messages.filter((m) => m.kind === kind);
  }

  /** Waits for the first message of `kind` (fails early if the child dies or reports a fatal error). */
  async next(kind: string, timeoutMs: number): Promise<Message> {
    const end = Date.now() + timeoutMs;
    for (;;) {
      const found = this.messages.find((m) => m.kind === kind);
      if (found) return found;
      const fatal = this.messages.find((m) => m.kind === 'fatal');
      if (fatal || this.exited || Date.now() > end) {
        throw new Error(
          `${this.name}: no '${kind}' message (${fatal ? 'fatal error' : this.exited ? 'exited' : `${timeoutMs} ms passed`})\n${this.describe()}`,
        );
      }
      await sleep(10);
    }
  }

  /** Sends `message` and waits for the next message of `kind` that follows it. */
  async request(message: object, kind: string, timeoutMs: number): Promise<Message> {
    const before = this.all(kind).length;
    this.send(message);
    const end = Date.now() + timeoutMs;
    while (this.all(kind).length <= before) {
      if (this.exited || Date.now() > end) {
        throw new Error(`${this.name}: no answer '${kind}' to ${JSON.stringify(message)}\n${this.describe()}`);
      }
      await sleep(10);
    }
    return this.all(kind).at(-1)!;
  }

  /** SIGKILL: no chance to clean up, as in a crash or an OOM kill. */
  async kill(): Promise<void> {
    if (!this.exited) this.proc.kill('SIGKILL');
    await this.exit;
  }

  /** Closes its stdin (it stops cleanly); SIGKILL if it has not exited within `timeoutMs`. */
  async stop(timeoutMs = 15_000): Promise<void> {
    if (this.exited) return;
    this.proc.stdin!.end();
    const timer = setTimeout(() => this.proc.kill('SIGKILL'), timeoutMs);
    await this.exit;
    clearTimeout(timer);
  }

  describe(): string {
    const kinds = this.messages.map((m) => m.kind);
    const errors = this.messages.filter((m) => m.kind === 'fatal' || m.kind === 'error').slice(0, 5);
    return `[${this.name}] exit=${this.proc.exitCode ?? this.proc.signalCode ?? 'running'} messages=${kinds.slice(-20).join(',')} errors=${JSON.stringify(errors)}\n${this.output.slice(-3_000)}`;
  }
}

/** Starts `script` (a file of this folder) as a child process named `name`. */
export function startChild(script: string, name: string, env: Record<string, string> = {}): Child {
  return new Child(name, script, env);
}

/** Kills every child still running (for afterAll: nothing is left behind). */
export async function killAll(): Promise<void> {
  await Promise.all([...running].map((c) => c.kill()));
}
