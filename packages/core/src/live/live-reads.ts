import { EdictStoppedError, InvalidOptionsError } from '../errors';
import type { Registry } from '../metadata/registry';
import { checkDelayMs, checkOptionKeys } from '../validation/rules';
import type { EventStore } from '../contracts/event-store';
import { EventDecoder } from '../subscriptions/event-decoder';
import type { SubscriptionSet } from '../subscriptions/subscription-set';
import { LogTail } from '../watch/log-tail';
import type { WatchFrame } from '../watch/watch-frame';
import { planWatch, type WatchOptions } from '../watch/watch-options';
import { Watcher } from '../watch/watcher';
import { LiveQuery, type LiveResult } from './live-query';
import { sameValue } from './same-value';

/** Options of `edict.live`. */
export interface LiveOptions<T> {
  /**
   * The handlers whose work the query reads (say, the projection that writes its table): the
   * query runs again once they have processed new events that they handle.
   */
  readonly after: string | readonly string[];
  /** Whether two results are the same (then none is yielded). Default: structural equality. */
  readonly equals?: (previous: T, next: T) => boolean;
}

/** Options of `edict.waitFor`. */
export interface WaitForOptions {
  /** The handlers to wait for; default: every handler of the application. */
  readonly handlers?: string | readonly string[];
  /** Default: the application's `consistencyTimeoutMs`. */
  readonly timeoutMs?: number;
}

/** What the live reads take from the application's settings. */
export interface LiveReadsSettings {
  readonly batchSize: number;
  readonly pollIntervalMs: number;
  readonly consistencyTimeoutMs: number;
}

/**
 * The read side of an application that follows the log: watchers, live queries and waits for
 * handlers, all sharing one `LogTail`; `stop()` ends every one of them.
 */
export class LiveReads {
  private readonly tail: LogTail;
  private readonly decoder: EventDecoder;
  private readonly open = new Set<{ close(): void }>();
  private stopped = false;
  private readonly forget = (reader: { close(): void }) => this.open.delete(reader);

  constructor(
    private readonly registry: Registry,
    private readonly store: EventStore,
    private readonly subscriptions: SubscriptionSet,
    private readonly settings: LiveReadsSettings,
  ) {
    // Two batches: a reader that fell a batch behind the head still takes its events from here.
    this.tail = new LogTail(store, settings.batchSize, settings.pollIntervalMs, 2 * settings.batchSize);
    this.decoder = new EventDecoder('watch', registry);
  }

  watch(options?: WatchOptions): AsyncIterableIterator<WatchFrame> {
    const plan = planWatch(this.registry, options);
    if (this.stopped) throw new EdictStoppedError();
    const source = { log: this.store, tail: this.tail, decoder: this.decoder, batchSize: this.settings.batchSize };
    return this.track(new Watcher(source, plan, this.forget));
  }

  live<T>(query: () => T | Promise<T>, options: LiveOptions<T>): AsyncIterableIterator<LiveResult<T>> {
    const valid = ['after', 'equals'];
    if (typeof query !== 'function') throw new InvalidOptionsError('live', 'query', valid, 'must be a function');
    if (options === undefined || options.after === undefined) {
      throw new InvalidOptionsError('live', 'after', valid, 'is required: the handlers whose work the query reads');
    }
    checkOptionKeys('live', options, valid);
    if (options.equals !== undefined && typeof options.equals !== 'function') {
      throw new InvalidOptionsError('live', 'equals', valid, 'must be a function (previous, next) => boolean');
    }
    const handlers = this.handlers('live', 'after', options.after);
    if (this.stopped) throw new EdictStoppedError();
    const equals = options.equals ?? sameValue;
    const timeout = this.settings.consistencyTimeoutMs;
    return this.track(new LiveQuery(query, handlers, this.tail, equals, timeout, this.forget));
  }

  async waitFor(position: number, options: WaitForOptions = {}): Promise<void> {
    const valid = ['handlers', 'timeoutMs'];
    if (!Number.isSafeInteger(position) || position < 0) {
      throw new InvalidOptionsError('waitFor', 'position', valid, `must be an integer >= 0, got ${String(position)}`);
    }
    checkOptionKeys('waitFor', options, valid);
    checkDelayMs('waitFor', 'timeoutMs', options.timeoutMs, valid);
    const handlers = this.handlers('waitFor', 'handlers', options.handlers ?? this.subscriptions.names);
    const timeoutMs = options.timeoutMs ?? this.settings.consistencyTimeoutMs;
    await Promise.all(handlers.map((h) => h.waitFor(position, timeoutMs)));
  }

  /** Ends every watcher and live query, then the tail's reading. */
  async stop(): Promise<void> {
    this.stopped = true;
    for (const reader of [...this.open]) reader.close();
    await this.tail.stop();
  }

  private handlers(where: string, option: string, names: unknown) {
    if (typeof names !== 'string' && !Array.isArray(names)) {
      throw new InvalidOptionsError(where, option, [], 'must be a handler name or a list of them');
    }
    const list: unknown[] = typeof names === 'string' ? [names] : names;
    if (list.length === 0 && where === 'live') {
      throw new InvalidOptionsError(where, option, [], 'must name at least one handler');
    }
    return list.map((name) => {
      if (typeof name !== 'string') throw new InvalidOptionsError(where, option, [], 'must hold handler names');
      return this.subscriptions.get(name);
    });
  }

  private track<R extends { close(): void }>(reader: R): R {
    this.open.add(reader);
    return reader;
  }
}
