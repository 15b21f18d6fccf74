import { fork, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { Mailbox, type Message } from './mailbox';

/** How long a child may take to exit when asked before it is killed. */
const EXIT_GRACE_MS = 10_000;

/**
 * A child process of the suite (a compiled script in `dist/processes`), spoken to over Node's
 * IPC channel. It shares the parent's stdout and stderr.
 */
export class Child {
  private readonly proc: ChildProcess;
  private readonly mailbox = new Mailbox();
  private readonly exit: Promise<void>;

  constructor(script: string, args: readonly string[]) {
    // No inherited flags: a profiled parent must not profile its children too.
    this.proc = fork(join(__dirname, '..', 'processes', script), args, { execArgv: [], stdio: 'inherit' });
    this.proc.on('message', (message: Message) => this.mailbox.receive(message));
    this.exit = new Promise((resolve) =>
      this.proc.once('exit', (code, signal) => {
        this.mailbox.close(new Error(`${script} exited (${signal ?? `code ${code}`}) before answering`));
        resolve();
      }),
    );
  }

  /** The next message of `kind`; an `error` message from the child, or its exit, rejects. */
  next<M extends Message>(kind: M['kind']): Promise<M> {
    return this.mailbox.next<M>(kind);
  }

  send<M extends Message>(message: M): void {
    this.proc.send(message);
  }

  /** Kills the child at once (SIGKILL), as a crash would; resolves once it exited. */
  kill(): Promise<void> {
    this.proc.kill('SIGKILL');
    return this.exit;
  }

  /** Tells the child to finish, and kills it if it has not exited after a grace period. */
  async stop(): Promise<void> {
    if (this.proc.connected) this.proc.disconnect();
    const timer = setTimeout(() => this.proc.kill('SIGKILL'), EXIT_GRACE_MS);
    await this.exit;
    clearTimeout(timer);
  }
}
