import { ExitCode } from './exit-codes';

/** A failure the command line reports as it is: one line saying what to do, and its exit code. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: ExitCode = ExitCode.FAILED,
    /** A stable name for `--json` output, like Edict's error codes. */
    readonly code = 'CLI_ERROR',
  ) {
    super(message);
    this.name = 'CliError';
  }
}

/** A bad value on the command line. */
export const usageError = (message: string): CliError => new CliError(message, ExitCode.USAGE, 'USAGE');
