import type { Command } from 'commander';
import type { PostgresEventStore } from '@edict/postgres';
import type { RecordedEvent } from '@edict/core';
import type { Runner } from '../runner';
import { CliError, usageError } from '../cli-error';
import { ExitCode } from '../exit-codes';
import { brief } from '../output/output';
import { eventJson } from './tail';
import { wholeNumber } from './parse';

const BATCH = 1000;

interface StreamOptions {
  version?: string;
  at?: string;
  state?: boolean;
}

/**
 * `edict stream <id> [--version n | --at time]`: a stream's events up to that version or time;
 * with `--config`, also the aggregate's state as of there (`edict.stateOf`).
 */
export function streamCommand(program: Command, runner: Runner): void {
  program
    .command('stream <stream-id>')
    .description("a stream's events; with --config, the aggregate's state as of --version or --at")
    .option('--version <n>', 'up to this version of the stream')
    .option('--at <time>', 'as it was at this time (ISO 8601)')
    .action(
      runner.action(async (session, streamId: string, opts: StreamOptions) => {
        if (opts.version !== undefined && opts.at !== undefined) throw usageError('Give --version or --at, not both');
        const upTo = opts.version !== undefined ? wholeNumber('--version', opts.version, 1) : undefined;
        const at = opts.at !== undefined ? time(opts.at) : undefined;
        const store = await session.open();
        const events = await read(store, streamId, upTo, at);
        if (events.length === 0) {
          const current = await store.streamVersion(streamId);
          const why =
            current === 0 ? 'has no events' : `had no events ${at ? `at ${opts.at}` : `up to version ${upTo}`}`;
          throw new CliError(`The stream '${streamId}' ${why}`, ExitCode.NOT_FOUND, 'STREAM_NOT_FOUND');
        }
        const version = events[events.length - 1]!.version;
        const withState = session.options.config !== undefined || session.streams.env.EDICT_CONFIG !== undefined;
        const state = withState ? await (await session.app()).stateOf(streamId, { version }) : undefined;
        const { out } = session;
        if (out.json)
          return out.value({ streamId, version, events: events.map(eventJson), ...(state ? { state } : {}) });
        const rows = events.map((e) => [
          String(e.version),
          String(e.position),
          e.createdAt.toISOString(),
          e.type,
          brief(e.data, 70),
        ]);
        out.line(out.table(['version', 'position', 'at', 'type', 'data'], rows));
        if (state) {
          out.line(`State of ${out.paint('cyan', state.aggregate)} as of version ${state.version}:`);
          out.line(JSON.stringify(state.state, null, 2));
        }
      }),
    );
}

/**
 * The stream's events, in version order, up to `upTo` or up to those committed at `at`: from its
 * first kept version, which its snapshot records once the stream was truncated.
 */
async function read(store: PostgresEventStore, streamId: string, upTo?: number, at?: Date): Promise<RecordedEvent[]> {
  const events: RecordedEvent[] = [];
  const first = (await store.loadSnapshot(streamId))?.truncatedBefore ?? 1;
  for (let from = first; ; from += BATCH) {
    const batch = await store.readStream(streamId, from, BATCH);
    for (const e of batch) {
      if ((upTo !== undefined && e.version > upTo) || (at !== undefined && e.createdAt > at)) return events;
      events.push(e);
    }
    if (batch.length < BATCH) return events;
  }
}

function time(value: string): Date {
  const at = new Date(value);
  if (Number.isNaN(at.getTime()))
    throw usageError(`--at must be a time (ISO 8601, like 2026-12-03T08:00:00Z), got '${value}'`);
  return at;
}
