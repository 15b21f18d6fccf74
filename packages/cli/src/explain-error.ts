import { CommanderError } from 'commander';
import { isEdictError } from '@edict/core';
import { CliError } from './cli-error';
import { ExitCode } from './exit-codes';

/** An error as the command line reports it: one line, a code, an exit code. */
export interface Explained {
  readonly code: string;
  readonly message: string;
  readonly exitCode: ExitCode;
}

const field = (error: unknown, name: string): unknown => (error as Record<string, unknown>)[name];

/**
 * Turns what a command threw into one line that says what went wrong and what to do: Edict's
 * typed errors by their code and fields, PostgreSQL's connection errors by theirs.
 */
export function explainError(error: unknown): Explained {
  if (error instanceof CliError) return { code: error.code, message: error.message, exitCode: error.exitCode };
  if (error instanceof CommanderError) return { code: 'USAGE', message: error.message, exitCode: ExitCode.USAGE };
  if (isEdictError(error)) {
    const code = error.code;
    switch (code) {
      case 'STORE_UNAVAILABLE':
        return {
          code,
          message: `${error.message}. Is PostgreSQL up, and are --database-url and --schema right?`,
          exitCode: ExitCode.UNAVAILABLE,
        };
      case 'DATA_DIRECTORY_IN_USE':
        return {
          code,
          message:
            `The data directory ${String(field(error, 'dataDir'))} is in use by process ${String(field(error, 'pid'))} ` +
            `on ${String(field(error, 'hostname'))}: stop that process, then run this again (nothing was read or written)`,
          exitCode: ExitCode.BUSY,
        };
      case 'REPARTITION_REFUSED':
        return {
          code,
          message: error.message,
          exitCode: field(error, 'reason') === 'held' ? ExitCode.BUSY : ExitCode.FAILED,
        };
      case 'UNKNOWN_HANDLER':
        return { code, message: error.message, exitCode: ExitCode.NOT_FOUND };
      case 'INVALID_ARGUMENT':
      case 'INVALID_OPTIONS':
        return { code, message: error.message, exitCode: ExitCode.USAGE };
      case 'MISSING_PEER_DEPENDENCY':
        return { code, message: error.message, exitCode: ExitCode.FAILED };
      default:
        return { code, message: error.message, exitCode: ExitCode.FAILED };
    }
  }
  const pgCode = field(error, 'code');
  if (pgCode === '3D000' || pgCode === '28P01' || pgCode === '28000') {
    return {
      code: 'STORE_UNAVAILABLE',
      message: `PostgreSQL refused: ${(error as Error).message}`,
      exitCode: ExitCode.UNAVAILABLE,
    };
  }
  if (pgCode === 'ECONNREFUSED' || pgCode === 'ENOTFOUND') {
    return {
      code: 'STORE_UNAVAILABLE',
      message: `Cannot reach PostgreSQL (${(error as Error).message}): is it up, and is --database-url right?`,
      exitCode: ExitCode.UNAVAILABLE,
    };
  }
  const message = error instanceof Error ? error.message : String(error);
  return { code: 'INTERNAL', message, exitCode: ExitCode.FAILED };
}
