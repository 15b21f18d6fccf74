import type { Command } from 'commander';
import type { DeadLetter } from '@edict/core';
import type { PostgresEventStore } from '@edict/postgres';
import type { Runner } from '../runner';
import { usageError } from '../cli-error';
import { cut, type Output } from '../output/output';
import { deadLetterNames, type DeadLetterNames } from '../status/dead-letter-names';
import { wholeNumber } from './parse';

const ACTIONS = ['list', 'retry', 'purge'];

/**
 * `edict dead-letters <handler> list | retry [ids…] | purge [ids…]`: the events a handler's
 * error policy skipped. `retry` marks them for the running handler to process again (they
 * leave the list once processed); `purge` removes them and says how many. A partitioned
 * handler's name acts on all its partitions (each row shows its partition); a partition's
 * name, as `edict status` shows it, on that one.
 */
export function deadLettersCommand(program: Command, runner: Runner): void {
  program
    .command('dead-letters <handler> [action] [ids...]')
    .description(
      "a handler's (or one partition's) dead letters: list (default), retry [ids…] (all if none), purge <ids…> | --all",
    )
    .option('--all', 'purge: every dead letter of the handler')
    .action(
      runner.action(
        async (session, handler: string, action: string | undefined, ids: string[], opts: { all?: boolean }) => {
          action ??= 'list';
          if (!ACTIONS.includes(action)) throw usageError(`Unknown action '${action}': use ${ACTIONS.join(', ')}`);
          const chosen = ids.map((id) => wholeNumber('a dead letter id', id, 1));
          if (action === 'list' && chosen.length > 0) throw usageError('list takes no ids');
          if (action === 'purge' && chosen.length === 0 && !opts.all) {
            throw usageError('purge needs the ids to remove, or --all');
          }
          const store = await session.open();
          const target = await deadLetterNames(store, handler);
          const { out } = session;
          if (action === 'list') return list(out, handler, target, await read(store, target));
          const only = chosen.length > 0 ? chosen : undefined;
          if (action === 'purge') {
            const purged = sum(await each(target, (n) => store.purgeDeadLetters(n, only)));
            if (out.json) return out.value({ handler, purged });
            return out.line(
              `Purged ${purged} dead letter${purged === 1 ? '' : 's'} of '${handler}'${missing(chosen, purged)}`,
            );
          }
          const marks = await each(target, (n) => store.retryDeadLetters(n, only));
          const marked = sum(marks);
          // The partitions whose letters were marked (or all, if none was) and that no process holds.
          const concerned = target.names.filter((n, i) => marks[i]! > 0 || marked === 0);
          const idle = concerned.filter((n) => !target.reports.get(n)?.holder);
          if (out.json) return out.value({ handler, marked, running: idle.length === 0 });
          out.line(
            `Marked ${marked} dead letter${marked === 1 ? '' : 's'} of '${handler}' for a retry${missing(chosen, marked)}; ` +
              'the running handler processes them again and they leave the list when processed',
          );
          if (marked > 0 && idle.length > 0) {
            out.warn(
              `No process runs ${idle.map((n) => `'${n}'`).join(', ')} now: the retry happens when one starts it`,
            );
          }
        },
      ),
    );
}

/** Runs `action` on each name the dead letters are kept under, in order. */
function each(target: DeadLetterNames, action: (name: string) => Promise<number>): Promise<number[]> {
  return Promise.all(target.names.map(action));
}

const sum = (counts: readonly number[]) => counts.reduce((a, b) => a + b, 0);

/** The dead letters of every name, in the order they were recorded. */
async function read(store: PostgresEventStore, target: DeadLetterNames): Promise<DeadLetter[]> {
  const lists = await Promise.all(target.names.map((n) => store.readDeadLetters(n)));
  return lists.flat().sort((a, b) => (a.id ?? 0) - (b.id ?? 0));
}

function list(out: Output, handler: string, target: DeadLetterNames, letters: readonly DeadLetter[]): void {
  const partitionOf = (d: DeadLetter) => target.reports.get(d.handler);
  if (out.json) {
    return out.value({
      handler,
      deadLetters: letters.map((d) => {
        const p = partitionOf(d);
        return {
          id: d.id,
          ...(target.partitioned ? { name: d.handler, partition: p?.partition, partitions: p?.partitions } : {}),
          position: d.event.position,
          streamId: d.event.streamId,
          version: d.event.version,
          type: d.event.type,
          data: d.event.data,
          error: d.error,
          attempts: d.attempts,
          failedAt: d.failedAt.toISOString(),
          ...(d.retryRequestedAt ? { retryRequestedAt: d.retryRequestedAt.toISOString() } : {}),
        };
      }),
    });
  }
  if (letters.length === 0) {
    const where = target.names.length > 1 ? ` in its ${target.names.length} partitions` : '';
    return out.line(`'${handler}' has no dead letters${where}`);
  }
  const rows = letters.map((d) => {
    const p = partitionOf(d);
    return [
      String(d.id),
      ...(target.partitioned ? [p?.partitions ? `${p.partition}/${p.partitions}` : String(p?.partition ?? 0)] : []),
      String(d.event.position),
      `${d.event.streamId}@${d.event.version}`,
      d.event.type,
      cut(d.error.message, 50),
      String(d.attempts),
      d.failedAt.toISOString(),
      d.retryRequestedAt ? out.paint('yellow', 'retry asked') : '',
    ];
  });
  const head = ['id', ...(target.partitioned ? ['partition'] : []), 'position', 'event', 'type', 'error', 'tries'];
  out.line(out.table([...head, 'failed at', ''], rows));
}

/** Says how many of the ids named were not the handler's dead letters. */
function missing(ids: readonly number[], done: number): string {
  const unknown = ids.length - done;
  return ids.length > 0 && unknown > 0 ? ` (${unknown} of the ids named are not its dead letters)` : '';
}
