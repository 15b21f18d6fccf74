import type { Command } from 'commander';
import type { Edict, HandlerState, RebuildProgress } from '@edict/core';
import type { Runner } from '../runner';
import { CliError } from '../cli-error';
import { ExitCode } from '../exit-codes';
import { readStatus } from '../status/read-status';
import { ProgressBar } from '../output/progress-bar';

/** How long the handler may take to take its lease or go on standby. */
const START_TIMEOUT_MS = 30_000;

/**
 * `edict rebuild <handler> --config <file>`: runs that one handler here, taking its lease (and
 * saying so, with the holder, when another process has it), resets it and replays the log
 * through it with a progress bar; then lets go of the lease for the application to take back.
 */
export function rebuildCommand(program: Command, runner: Runner): void {
  program
    .command('rebuild <handler>')
    .description('reset a handler (a projection) and replay the whole log through it, with progress; needs --config')
    .action(
      runner.action(async (session, handler: string) => {
        const store = await session.open();
        const edict = await session.app({ runHandlers: [handler], needConfig: 'rebuild' });
        const state = await settled(edict, handler);
        if (state === 'standby') {
          const holder = (await readStatus(store, [handler])).find((r) => r.name === handler)?.holder;
          const who = holder?.pid !== undefined ? `process ${holder.pid} on ${holder.host}` : 'another process';
          throw new CliError(
            `'${handler}' is held by ${who}: rebuild it there (edict.rebuild), or stop that process and run this again`,
            ExitCode.BUSY,
            'HANDLER_HELD',
          );
        }
        const { out } = session;
        if (!out.json) out.line(`Took the lease of '${handler}'; rebuilding it from the start of the log`);
        const bar = new ProgressBar(out);
        const started = Date.now();
        let last: RebuildProgress | undefined;
        try {
          await edict.rebuild(handler, (progress) => {
            last = progress;
            bar.update(progress.done, progress.total - progress.truncated); // truncated events are not replayed
          });
        } finally {
          bar.stop();
        }
        const seconds = (Date.now() - started) / 1000;
        const truncated = last?.truncated ?? 0;
        const events = (last?.total ?? 0) - truncated;
        if (out.json) return out.value({ handler, events, truncated, seconds });
        const gone = truncated > 0 ? ` (${truncated} more were truncated away: edict.truncations() lists them)` : '';
        out.line(
          `Rebuilt '${handler}': ${events} events${gone} in ${seconds.toFixed(1)} s; its lease is released on exit`,
        );
      }),
    );
}

/** Waits until the handler has taken its lease (or gone on standby, or failed). */
async function settled(edict: Edict, handler: string): Promise<HandlerState> {
  const deadline = Date.now() + START_TIMEOUT_MS;
  for (;;) {
    const state = (await edict.status()).find((s) => s.name === handler)!.state;
    if (state !== 'starting') return state;
    if (Date.now() > deadline) throw new CliError(`'${handler}' did not start within ${START_TIMEOUT_MS / 1000} s`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
