import type { Command } from 'commander';
import { ExitCode } from './exit-codes';
import { explainError } from './explain-error';
import type { GlobalOptions } from './connection/global-options';
import { Session } from './connection/session';
import type { Streams } from './output/output';

/** What a command's action does with its session; resolves with the exit code (default OK). */
export type Action<A extends unknown[]> = (session: Session, ...args: A) => Promise<ExitCode | void>;

/**
 * Runs commands: each gets a session over the global options, its errors become one line
 * (or a JSON object under --json) and an exit code, and what it opened is closed.
 */
export class Runner {
  exitCode: ExitCode = ExitCode.OK;

  constructor(readonly streams: Streams) {}

  /** A commander action running `action`; commander passes the arguments, then options, then the command. */
  action<A extends unknown[]>(action: Action<A>): (...args: unknown[]) => Promise<void> {
    return async (...args: unknown[]) => {
      const command = args[args.length - 1] as Command;
      const session = new Session(command.optsWithGlobals<GlobalOptions>(), this.streams);
      try {
        this.exitCode = (await action(session, ...(args.slice(0, -1) as A))) ?? ExitCode.OK;
      } catch (error) {
        const { code, message, exitCode } = explainError(error);
        if (session.out.json) session.out.value({ error: { code, message } });
        else session.out.error(`edict: ${message}`);
        this.exitCode = exitCode;
      } finally {
        await session.close().catch(() => undefined);
      }
    };
  }
}
