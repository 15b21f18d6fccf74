import type { Class } from '../contracts/class';
import { InvalidOptionsError } from '../errors';
import type { Registry } from '../metadata/registry';
import { checkDelayMs, checkIdentifier, checkOptionKeys, MAX_ID_LENGTH } from '../validation/rules';
import type { RecordedEvent } from '../contracts/store-records';

/** Options of `edict.watch`. */
export interface WatchOptions {
  /**
   * Where to begin: `'start'` (the whole log), `'end'` (only events appended from now on), or
   * the last position seen, to resume right after it. Default `'end'`.
   */
  readonly from?: 'start' | 'end' | number;
  /** Only events of these streams (stream ids). */
  readonly streams?: readonly string[];
  /** Only events of these aggregates' streams (aggregate classes or names). */
  readonly aggregates?: readonly (Class | string)[];
  /** Only events of these types (`@Event` classes or type names). */
  readonly types?: readonly (Class | string)[];
  /** A `heartbeat` frame after this many milliseconds without any other frame. Default: none. */
  readonly heartbeatMs?: number;
  /**
   * Frames carry the stored events as they are, undecoded (`event` is the stored data), and
   * `types` names are taken as they are: for tools that run without the application's classes,
   * like the `edict` command line. Default false.
   */
  readonly raw?: boolean;
}

/** `watch`'s options, checked and resolved against the registry. */
export interface WatchPlan {
  readonly from: 'start' | 'end' | number;
  /** Whether an event is one the watcher asked for; undefined when it asked for all. */
  readonly matches: ((event: RecordedEvent) => boolean) | undefined;
  readonly heartbeatMs: number | undefined;
  /** Events are not decoded: see `WatchOptions.raw`. */
  readonly raw: boolean;
}

const WHERE = 'watch';
const OPTIONS = ['from', 'streams', 'aggregates', 'types', 'heartbeatMs', 'raw'];
/** The most entries a filter list may hold: filters are for picking, not for listing the log. */
export const MAX_FILTER_ENTRIES = 1_000;

/**
 * Checks `watch`'s options (every mistake an `InvalidOptionsError` naming the option) and
 * resolves classes and names to what the stored events carry: stream prefixes and type strings.
 */
export function planWatch(registry: Registry, options: WatchOptions = {}): WatchPlan {
  checkOptionKeys(WHERE, options, OPTIONS);
  checkDelayMs(WHERE, 'heartbeatMs', options.heartbeatMs, OPTIONS);
  const raw = options.raw ?? false;
  if (typeof raw !== 'boolean') throw new InvalidOptionsError(WHERE, 'raw', OPTIONS, 'must be a boolean');
  const streams = list(options.streams, 'streams').map((s) => {
    const problem = checkIdentifier(s, MAX_ID_LENGTH * 2);
    if (problem) throw new InvalidOptionsError(WHERE, 'streams', OPTIONS, `holds a stream id that ${problem}`);
    return s as string;
  });
  const prefixes = list(options.aggregates, 'aggregates').map((a) => `${aggregateName(registry, a)}-`);
  const types = list(options.types, 'types').map((t) => (raw ? rawType(t) : eventType(registry, t)));
  return {
    from: startOf(options.from),
    matches: matcher(new Set(streams), prefixes, new Set(types)),
    heartbeatMs: options.heartbeatMs,
    raw,
  };
}

/** A type name taken as it is (`raw`): any identifier, registered here or not. */
function rawType(type: unknown): string {
  const problem = checkIdentifier(type, MAX_ID_LENGTH);
  if (problem) throw new InvalidOptionsError(WHERE, 'types', OPTIONS, `holds a type name that ${problem}`);
  return type as string;
}

function startOf(from: unknown): WatchPlan['from'] {
  if (from === undefined) return 'end';
  if (from === 'start' || from === 'end') return from;
  if (Number.isSafeInteger(from) && (from as number) >= 0) return from as number;
  throw new InvalidOptionsError(
    WHERE,
    'from',
    OPTIONS,
    `must be 'start', 'end' or a position (an integer >= 0), got ${JSON.stringify(from) ?? typeof from}`,
  );
}

function list(value: unknown, option: string): readonly unknown[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) throw new InvalidOptionsError(WHERE, option, OPTIONS, 'must be an array');
  if (value.length > MAX_FILTER_ENTRIES) {
    throw new InvalidOptionsError(
      WHERE,
      option,
      OPTIONS,
      `holds ${value.length} entries; at most ${MAX_FILTER_ENTRIES}`,
    );
  }
  return value as readonly unknown[];
}

function aggregateName(registry: Registry, aggregate: unknown): string {
  const known = [...registry.aggregates.values()];
  const meta =
    typeof aggregate === 'string'
      ? known.find((a) => a.name === aggregate)
      : typeof aggregate === 'function'
        ? registry.aggregates.get(aggregate as Class)
        : undefined;
  if (!meta) {
    throw new InvalidOptionsError(
      WHERE,
      'aggregates',
      known.map((a) => a.name),
      `names ${describe(aggregate)}, which is not an aggregate of this application; registered: ${known.map((a) => a.name).join(', ') || '(none)'}`,
    );
  }
  return meta.name;
}

function eventType(registry: Registry, type: unknown): string {
  const meta =
    typeof type === 'string'
      ? registry.eventsByType.get(type)
      : typeof type === 'function'
        ? registry.eventsByClass.get(type as Class)
        : undefined;
  if (!meta) {
    const known = [...registry.eventsByType.keys()];
    throw new InvalidOptionsError(
      WHERE,
      'types',
      known,
      `names ${describe(type)}, which is not an event type of this application (register it through an aggregate, a handler or the 'events' option)`,
    );
  }
  return meta.type;
}

function describe(value: unknown): string {
  if (typeof value === 'function') return `class ${value.name || '(anonymous)'}`;
  return JSON.stringify(value)?.slice(0, 120) ?? typeof value;
}

function matcher(
  streams: ReadonlySet<string>,
  prefixes: readonly string[],
  types: ReadonlySet<string>,
): WatchPlan['matches'] {
  const byStream = streams.size > 0 || prefixes.length > 0;
  const byType = types.size > 0;
  if (!byStream && !byType) return undefined;
  return (e) =>
    (!byType || types.has(e.type)) &&
    (!byStream || streams.has(e.streamId) || prefixes.some((p) => e.streamId.startsWith(p)));
}
