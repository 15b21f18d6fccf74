import type { Command } from 'commander';
import type { Runner } from '../runner';
import type { Output } from '../output/output';
import { readStatus, type HandlerReport } from '../status/read-status';
import { positiveNumber } from './parse';
import { untilInterrupted } from './interrupt';

/** `edict status [--watch]`: every handler's state, holder, position, lag and dead letters. */
export function statusCommand(program: Command, runner: Runner): void {
  program
    .command('status')
    .description('each handler: state, holding process, checkpoint, head, lag, dead letters, last error')
    .option('--watch', 'keep showing it, refreshed')
    .option('--interval <seconds>', 'refresh interval of --watch', positiveNumber('--interval'), 2)
    .action(
      runner.action(async (session, opts: { watch?: boolean; interval: number }) => {
        const store = await session.open();
        const { out } = session;
        const show = async () => render(out, await readStatus(store), opts.watch === true);
        await show();
        if (!opts.watch) return;
        await untilInterrupted(opts.interval * 1000, show);
      }),
    );
}

function render(out: Output, reports: readonly HandlerReport[], redraw: boolean): void {
  if (out.json) return out.value({ at: new Date().toISOString(), handlers: reports });
  if (redraw && out.tty) out.stdout.write('\u001b[2J\u001b[H');
  if (reports.length === 0) return out.line('No handlers have run on this schema yet');
  const rows = reports.map((r) => [
    r.name,
    paintState(out, r.state),
    holder(r),
    r.standby.length > 0 ? r.standby.map((p) => `${p.host}:${p.pid}`).join(' ') : '-',
    String(r.checkpoint),
    String(r.head),
    r.lagEvents > 0 ? out.paint('yellow', String(r.lagEvents)) : '0',
    r.lagEvents > 0 ? `${r.lagSeconds}s` : '-',
    r.deadLetters > 0 ? out.paint('red', deadLetters(r)) : '0',
    r.lastError ? `${r.lastError.message.slice(0, 48)} (@${r.lastError.position})` : '-',
  ]);
  out.line(
    out.table(
      ['handler', 'state', 'held by', 'standby', 'checkpoint', 'head', 'lag', 'lag age', 'dead', 'last error'],
      rows,
    ),
  );
  if (redraw) out.line(out.paint('dim', `${new Date().toISOString()}  (Ctrl-C to stop)`));
}

function holder(r: HandlerReport): string {
  return r.holder ? `${r.holder.host}:${r.holder.pid}` : '-';
}

function paintState(out: Output, state: HandlerReport['state']): string {
  if (state === 'live' || state === 'catching-up' || state === 'active') return out.paint('green', state);
  return out.paint(state === 'failed' ? 'red' : 'yellow', state);
}

const deadLetters = (r: HandlerReport) =>
  r.retrying > 0 ? `${r.deadLetters} (${r.retrying} to retry)` : String(r.deadLetters);
