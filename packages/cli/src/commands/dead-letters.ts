import type { Command } from 'commander';
import type { DeadLetter } from '@edict/core';
import type { Runner } from '../runner';
import { usageError } from '../cli-error';
import { cut, type Output } from '../output/output';
import { readStatus } from '../status/read-status';
import { wholeNumber } from './parse';

const ACTIONS = ['list', 'retry', 'purge'];

/**
 * `edict dead-letters <handler> list | retry [ids…] | purge [ids…]`: the events a handler's
 * error policy skipped. `retry` marks them for the running handler to process again (they
 * leave the list once processed); `purge` removes them and says how many.
 */
export function deadLettersCommand(program: Command, runner: Runner): void {
  program
    .command('dead-letters <handler> [action] [ids...]')
    .description("a handler's dead letters: list (default), retry [ids…] (all if none), purge <ids…> | --all")
    .option('--all', 'purge: every dead letter of the handler')
    .action(
      runner.action(
        async (session, handler: string, action: string | undefined, ids: string[], opts: { all?: boolean }) => {
          action ??= 'list';
          if (!ACTIONS.includes(action)) throw usageError(`Unknown action '${action}': use ${ACTIONS.join(', ')}`);
          const chosen = ids.map((id) => wholeNumber('a dead letter id', id, 1));
          if (action === 'list' && chosen.length > 0) throw usageError('list takes no ids');
          const store = await session.open();
          const { out } = session;
          if (action === 'list') return list(out, handler, await store.readDeadLetters(handler));
          if (action === 'purge') {
            if (chosen.length === 0 && !opts.all) throw usageError('purge needs the ids to remove, or --all');
            const purged = await store.purgeDeadLetters(handler, chosen.length > 0 ? chosen : undefined);
            if (out.json) return out.value({ handler, purged });
            return out.line(
              `Purged ${purged} dead letter${purged === 1 ? '' : 's'} of '${handler}'${missing(chosen, purged)}`,
            );
          }
          const marked = await store.retryDeadLetters(handler, chosen.length > 0 ? chosen : undefined);
          const holder = (await readStatus(store, [handler])).find((r) => r.name === handler)?.holder;
          if (out.json) return out.value({ handler, marked, running: holder !== undefined });
          out.line(
            `Marked ${marked} dead letter${marked === 1 ? '' : 's'} of '${handler}' for a retry${missing(chosen, marked)}; ` +
              'the running handler processes them again and they leave the list when processed',
          );
          if (!holder && marked > 0) out.warn(`No process runs '${handler}' now: the retry happens when one starts it`);
        },
      ),
    );
}

function list(out: Output, handler: string, letters: readonly DeadLetter[]): void {
  if (out.json) {
    return out.value({
      handler,
      deadLetters: letters.map((d) => ({
        id: d.id,
        position: d.event.position,
        streamId: d.event.streamId,
        version: d.event.version,
        type: d.event.type,
        data: d.event.data,
        error: d.error,
        attempts: d.attempts,
        failedAt: d.failedAt.toISOString(),
        ...(d.retryRequestedAt ? { retryRequestedAt: d.retryRequestedAt.toISOString() } : {}),
      })),
    });
  }
  if (letters.length === 0) return out.line(`'${handler}' has no dead letters`);
  const rows = letters.map((d) => [
    String(d.id),
    String(d.event.position),
    `${d.event.streamId}@${d.event.version}`,
    d.event.type,
    cut(d.error.message, 50),
    String(d.attempts),
    d.failedAt.toISOString(),
    d.retryRequestedAt ? out.paint('yellow', 'retry asked') : '',
  ]);
  out.line(out.table(['id', 'position', 'event', 'type', 'error', 'tries', 'failed at', ''], rows));
}

/** Says how many of the ids named were not the handler's dead letters. */
function missing(ids: readonly number[], done: number): string {
  const unknown = ids.length - done;
  return ids.length > 0 && unknown > 0 ? ` (${unknown} of the ids named are not its dead letters)` : '';
}
