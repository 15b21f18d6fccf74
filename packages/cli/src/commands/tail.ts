import type { Command } from 'commander';
import type { RecordedEvent, WatchFrame } from '@edict/core';
import type { Runner } from '../runner';
import { brief, type Output } from '../output/output';
import { positiveNumber, wholeNumber } from './parse';
import { interrupted } from './interrupt';

interface TailOptions {
  from?: string;
  follow?: boolean;
  stream?: string[];
  type?: string[];
  heartbeat?: number;
}

/**
 * `edict tail`: the log in position order through `edict.watch`; with `--follow`, one marker
 * line where the replay of history ends (the live frame), then events as they commit.
 */
export function tailCommand(program: Command, runner: Runner): void {
  program
    .command('tail')
    .description('events in position order; --follow marks where history ends and shows live events')
    .option('--from <where>', "'start', 'end' or the position to start after", 'start')
    .option('-f, --follow', 'keep going: show events as they are committed')
    .option('--stream <id...>', 'only events of these streams')
    .option('--type <type...>', 'only events of these types')
    .option('--heartbeat <seconds>', 'a heartbeat line after this long without events', positiveNumber('--heartbeat'))
    .action(
      runner.action(async (session, opts: TailOptions) => {
        await session.open();
        const edict = await session.app();
        const frames = edict.watch({
          raw: true,
          from: from(opts.from ?? 'start'),
          ...(opts.stream ? { streams: opts.stream } : {}),
          ...(opts.type ? { types: opts.type } : {}),
          ...(opts.heartbeat !== undefined ? { heartbeatMs: Math.round(opts.heartbeat * 1000) } : {}),
        });
        const stop = interrupted();
        void stop.signal.then(() => frames.return?.());
        try {
          for await (const frame of frames) {
            if (frame.kind === 'live' && !opts.follow) break;
            print(session.out, frame);
          }
        } finally {
          stop.cancel();
        }
      }),
    );
}

function from(value: string): 'start' | 'end' | number {
  if (value === 'start' || value === 'end') return value;
  return wholeNumber("--from ('start', 'end' or a position)", value);
}

function print(out: Output, frame: WatchFrame): void {
  if (frame.kind === 'event') {
    if (out.json) return out.value({ kind: 'event', ...eventJson(frame.recorded) });
    const e = frame.recorded;
    return out.line(
      `${out.paint('dim', `#${e.position}`)}  ${e.createdAt.toISOString()}  ${out.paint('cyan', `${e.streamId}@${e.version}`)}  ${e.type}  ${brief(e.data)}`,
    );
  }
  if (out.json) return out.value({ kind: frame.kind, position: frame.position });
  if (frame.kind === 'live')
    return out.line(
      out.paint('green', `--- live: history replayed up to position ${frame.position}; new events follow ---`),
    );
  out.line(out.paint('dim', `--- heartbeat at position ${frame.position} ---`));
}

/** An event as `--json` prints it: every stored field, the timestamp in ISO 8601. */
export function eventJson(e: RecordedEvent): Record<string, unknown> {
  return {
    position: e.position,
    streamId: e.streamId,
    version: e.version,
    type: e.type,
    schemaVersion: e.schemaVersion,
    eventId: e.eventId,
    createdAt: e.createdAt.toISOString(),
    data: e.data,
    metadata: e.metadata,
  };
}
