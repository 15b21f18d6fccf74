import type { PostgresEventStore } from '@edict/postgres';
import { CliError } from '../cli-error';
import { ExitCode } from '../exit-codes';
import { readStatus, type HandlerReport } from './read-status';

/** Where a name given on the command line keeps its dead letters: one name, or each partition's. */
export interface DeadLetterNames {
  /** The names they are kept under: the handler's, or its partitions' (`<handler>#<index>/<count>`). */
  readonly names: readonly string[];
  /** Whether they are partitions (the rows listed then show their partition). */
  readonly partitioned: boolean;
  /** The status row of each name: its partition, and its holder if a process runs it. */
  readonly reports: ReadonlyMap<string, HandlerReport>;
}

/**
 * Resolves `name` as `edict status` shows the schema's handlers: a handler (a partitioned one
 * stands for all its partitions) or one partition by the name of its row (`shop.mailer#0/4`).
 * A name the schema knows nothing of (no checkpoint, dead letter, lease or process that runs
 * it) is a `CliError` (`UNKNOWN_HANDLER`, exit code 5) that lists the names it does know.
 */
export async function deadLetterNames(store: PostgresEventStore, name: string): Promise<DeadLetterNames> {
  const all = await readStatus(store);
  const reports = new Map(all.map((r) => [r.name, r]));
  const own = all.filter((r) => r.handler === name);
  const found = own.length > 0 ? own : all.filter((r) => r.name === name);
  if (found.length > 0) {
    return { names: found.map((r) => r.name), partitioned: found.some((r) => r.partition !== undefined), reports };
  }
  const handlers = [...new Set(all.map((r) => r.handler))];
  const known = handlers.length > 0 ? `it knows ${handlers.join(', ')}` : 'no handler has run on it yet';
  throw new CliError(
    `No handler or partition named '${name}' in the schema '${store.schema}' (${known}; a partition is named ` +
      `as its row in edict status, like 'handler#0/4')`,
    ExitCode.NOT_FOUND,
    'UNKNOWN_HANDLER',
  );
}
