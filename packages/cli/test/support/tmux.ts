import { execFileSync } from 'node:child_process';
import { BIN, cliEnv } from './cli';

const tmux = (...args: string[]) => execFileSync('tmux', args, { encoding: 'utf8' });
const quote = (s: string) => `'${s.replaceAll("'", `'\\''`)}'`;

/**
 * `edict <args>` in a real terminal: a detached tmux pane (a TTY, 160 columns), read back as
 * the screen shows it. The pane stays after the command ends, with its exit code printed.
 */
export class Terminal {
  private static count = 0;
  readonly name = `edict-cli-${process.pid}-${++Terminal.count}`;

  constructor(args: readonly string[], env: Record<string, string>) {
    const vars = Object.entries({ ...env, NODE_OPTIONS: '' })
      .map(([k, v]) => `${k}=${quote(v)}`)
      .join(' ');
    const command = `env ${vars} ${quote(process.execPath)} ${quote(BIN)} ${args.map(quote).join(' ')}; echo "[exit $?]"; sleep 600`;
    execFileSync('tmux', ['new-session', '-d', '-s', this.name, '-x', '160', '-y', '40', command], { env: cliEnv() });
  }

  /** The screen, as text. */
  screen(): string {
    return tmux('capture-pane', '-p', '-t', this.name);
  }

  keys(...keys: string[]): void {
    tmux('send-keys', '-t', this.name, ...keys);
  }

  /** Waits until the screen matches `pattern`; returns the screen. */
  async waitFor(pattern: RegExp, timeoutMs = 30_000): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const screen = this.screen();
      if (pattern.test(screen)) return screen;
      if (Date.now() > deadline) throw new Error(`the terminal never showed ${pattern}; it shows:\n${screen}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  close(): void {
    try {
      tmux('kill-session', '-t', this.name);
    } catch {
      // already gone
    }
  }
}
