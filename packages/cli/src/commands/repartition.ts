import type { Command } from 'commander';
import type { RepartitionResult } from '@edict/core';
import type { Runner } from '../runner';
import { wholeNumber } from './parse';

const counted = (n: number) => (n === 1 ? 'unpartitioned' : `${n} partitions`);

/** What the command did, in one line. */
function summary(r: RepartitionResult): string {
  if (r.from === undefined) return `'${r.handler}' has no checkpoints: nothing to move; start it with ${counted(r.to)}`;
  if (r.from === r.to)
    return `'${r.handler}' is ${counted(r.to)} already (checkpoints at ${r.position}): nothing moved`;
  const behind = r.caughtUp.map((c) => `${c.name} from ${c.from}`).join(', ');
  const caught = behind ? `; caught up to it: ${behind}` : '';
  return (
    `Repartitioned '${r.handler}' from ${counted(r.from)} to ${counted(r.to)} at position ${r.position}${caught}. ` +
    `Start the release that declares ${counted(r.to)} now.`
  );
}

/**
 * `edict repartition <handler> --partitions <n> --config <file>`: moves a handler to another
 * partition count without a replay, by a barrier (`edict.repartition`). The config is the
 * application of the release that ran the old count: its key function says where the events
 * still to process belong. Refused, with who holds it, while another process runs a partition.
 */
export function repartitionCommand(program: Command, runner: Runner): void {
  program
    .command('repartition <handler>')
    .description(
      "move a handler's checkpoints to another number of partitions without a replay; needs --config " +
        '(the release that ran the old count) and every process running the handler stopped',
    )
    .requiredOption('--partitions <n>', 'the new number of partitions (1: unpartitioned)')
    .action(
      runner.action(async (session, handler: string, opts: { partitions: string }) => {
        const partitions = wholeNumber('--partitions', opts.partitions, 1);
        await session.open();
        const edict = await session.app({ needConfig: 'repartition' });
        const { out } = session;
        if (!out.json) out.line(`Taking the leases of '${handler}' and catching its partitions up to the barrier`);
        const result = await edict.repartition(handler, partitions);
        if (out.json) return out.value(result);
        out.line(summary(result));
      }),
    );
}
