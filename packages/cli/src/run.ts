import { CommanderError } from 'commander';
import { ExitCode } from './exit-codes';
import type { Streams } from './output/output';
import { program } from './program';
import { Runner } from './runner';

/**
 * Runs `edict` with `argv` (as `process.argv`: node, script, then the arguments) and resolves
 * with the exit code. Usage mistakes exit with `ExitCode.USAGE`, after commander's message.
 *
 * @example
 * process.exitCode = await run(process.argv);
 */
export async function run(
  argv: readonly string[],
  streams: Streams = { stdout: process.stdout, stderr: process.stderr, env: process.env },
): Promise<number> {
  const runner = new Runner(streams);
  const edict = program(runner)
    .exitOverride()
    .configureOutput({
      writeOut: (text) => streams.stdout.write(text),
      writeErr: (text) => streams.stderr.write(text),
    });
  try {
    await edict.parseAsync([...argv]);
  } catch (error) {
    if (error instanceof CommanderError) {
      // --help and --version end through here too, with exit code 0.
      return error.exitCode === 0 ? ExitCode.OK : ExitCode.USAGE;
    }
    throw error;
  }
  return runner.exitCode;
}
