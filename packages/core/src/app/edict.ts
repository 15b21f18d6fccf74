import type { Class } from '../contracts/class';
import type { CommandPayload, DispatchOptions, DispatchResult } from '../contracts/dispatch';
import type { EventStore } from '../contracts/event-store';
import type { HandlerStatus, RebuildProgress, RepartitionResult } from '../contracts/handler-status';
import type { DeadLetter, Truncation } from '../contracts/store-records';
import type { Dispatcher } from '../dispatch/dispatcher';
import type { CommandTarget } from '../dispatch/resolve-command';
import { EdictStoppedError } from '../errors';
import type { Registry } from '../metadata/registry';
import type { SubscriptionSet } from '../subscriptions/subscription-set';
import { AggregateHistory, type AggregateStateOf } from './aggregate-history';
import { compose } from './compose';
import type { LoadOptions, TruncateOptions } from './load-options';
import type { EdictOptions } from './edict-options';
import type { LiveReads, LiveOptions, WaitForOptions } from '../live/live-reads';
import type { LiveResult } from '../live/live-query';
import { forgetSubject } from '../personal/forget-subject';
import type { WatchFrame } from '../watch/watch-frame';
import type { WatchOptions } from '../watch/watch-options';

/**
 * An Edict application: the dispatcher and the handlers of a set of decorated classes, on
 * one event store.
 *
 * @example
 * const edict = await Edict.create({ store: new InMemoryEventStore(), aggregates: [Account], handlers: [Notifications] });
 * const { version } = await edict.dispatch(new DepositMoney(accountId, 100));
 * await edict.stop();
 */
export class Edict {
  private stopped: Promise<void> | undefined;

  private constructor(
    private readonly registry: Registry,
    private readonly store: EventStore,
    private readonly dispatcher: Dispatcher,
    private readonly subscriptions: SubscriptionSet,
    private readonly history: AggregateHistory,
    private readonly closeStore: boolean,
    private readonly liveReads: LiveReads,
  ) {}

  /**
   * Builds and checks all metadata (every mistake is a named error here), checks that each
   * handler to run declares the partition count its checkpoints are of
   * (`PartitionCountChangedError` otherwise, nothing written), then starts the handlers.
   */
  static async create(options: EdictOptions): Promise<Edict> {
    const { registry, store, dispatcher, subscriptions, reads, liveReads, start } = compose(options);
    await subscriptions.checkPartitionCounts(options.runHandlers);
    start();
    const history = new AggregateHistory(registry, store, reads, subscriptions);
    return new Edict(registry, store, dispatcher, subscriptions, history, options.closeStore ?? true, liveReads);
  }

  /**
   * Validates a command, has its aggregate (or command handler) execute it, and stores the
   * events it decided. Accepts a command instance, or a command class (or type string) with a
   * plain payload. With a class, the payload is type-checked against the class's properties;
   * a type string takes any object (for HTTP or queue adapters), checked at run time only.
   *
   * @example
   * await edict.dispatch(new DepositMoney(id, 100), { commandId, consistency: 'strong' });
   * await edict.dispatch(DepositMoney, { accountId: id, amount: 100 });
   */
  dispatch<C extends object>(
    command: Class<C>,
    payload: CommandPayload<C>,
    options?: DispatchOptions,
  ): Promise<DispatchResult>;
  dispatch(commandType: string, payload: object, options?: DispatchOptions): Promise<DispatchResult>;
  dispatch(command: object, options?: DispatchOptions): Promise<DispatchResult>;
  dispatch(target: CommandTarget, second?: object, third?: DispatchOptions): Promise<DispatchResult> {
    return typeof target === 'function' || typeof target === 'string'
      ? this.dispatcher.dispatch(target, second, third)
      : this.dispatcher.dispatch(target, undefined, second);
  }

  /**
   * An aggregate's state, read from the store (snapshot, then the tail): the current one, or
   * the state as of a stream version (`{ version }`) or a time (`{ at }`: that of the last event
   * stored at or before it). A fresh instance each time, outside the dispatcher's cache: mutating
   * it changes nothing. `VersionNotReachedError` for a version the stream never reached,
   * `StreamTruncatedError` for a state whose events were truncated away.
   *
   * @example
   * const then = await edict.load(Account, id, { at: new Date('2026-01-01T00:00:00Z') });
   */
  async load<T extends object>(aggregate: Class<T>, id: string, options?: LoadOptions): Promise<T> {
    this.checkRunning();
    return (await this.history.load(aggregate, id, options)) as T;
  }

  /**
   * The state of the aggregate whose stream is `streamId`, as `load` gives it (now, at a
   * version or at a time): for operators and tools that know a stream, not its class, like
   * `edict stream <id> --version <n>`.
   *
   * @example
   * const { aggregate, version, state } = await edict.stateOf('account-42', { version: 3 });
   */
  async stateOf(streamId: string, options: LoadOptions = {}): Promise<AggregateStateOf> {
    this.checkRunning();
    return this.history.stateOf(streamId, options);
  }

  /**
   * Removes the aggregate's events with a version below `before`, which its snapshot covers
   * (see the data-life guide for the rule): the one exception to the append-only log. Loads
   * give the same state; positions stay. `TruncationRefusedError` otherwise, nothing removed.
   *
   * @example
   * const { removed } = await edict.truncate(Account, id, { before: 901 });
   */
  async truncate(aggregate: Class<object>, id: string, options: TruncateOptions): Promise<Truncation> {
    this.checkRunning();
    return this.history.truncate(aggregate, id, options);
  }

  /** The truncations recorded (those of one aggregate when given), oldest first. */
  async truncations(aggregate?: Class<object>, id?: string): Promise<Truncation[]> {
    this.checkRunning();
    return this.history.truncations(aggregate, id);
  }

  /** Status of every handler: state, position, lag, last error. */
  status(): Promise<HandlerStatus[]> {
    return this.subscriptions.status();
  }

  /**
   * Resolves when the named handlers (all when none given) have caught up and gone live in
   * this process; rejects with `HandlerFailedError` if one stops first (its error policy, or
   * `stop()`). A handler on standby (another process holds it) is not caught up here.
   */
  async caughtUp(names?: string | readonly string[]): Promise<void> {
    const list = names === undefined ? this.subscriptions.names : typeof names === 'string' ? [names] : names;
    await Promise.all(list.map((n) => this.subscriptions.get(n).caughtUp));
  }

  /**
   * Rebuilds a handler (typically a projection) from the start of the log: resets it (its
   * `reset()` hook clears what it built, and its checkpoint goes back to 0), replays every
   * event, and resolves once the replay reached the end of the log as it was when it began.
   * The handler must be running in this process.
   *
   * @example
   * await edict.rebuild('bank.balances', ({ done, total }) => bar.update(done / total));
   */
  async rebuild(handlerName: string, onProgress?: (progress: RebuildProgress) => void): Promise<void> {
    this.checkRunning();
    await this.subscriptions.get(handlerName).rebuild(onProgress);
  }

  /**
   * Moves a handler's checkpoints to `partitions` partitions (1: unpartitioned) without a
   * replay: takes every old partition's lease, lets those behind the highest checkpoint catch
   * up to it, then writes the new checkpoints there and removes the old ones, in one step. The
   * handler must not run in this application, and the application must declare the count the
   * checkpoints are of (the release that ran them: its `partitionKey`). `RepartitionRefusedError`
   * says why not (another process holds a partition, dead letters, ...). See guides/partitions.md.
   *
   * @example
   * const { position } = await edict.repartition('shop.order-emails', 16); // then deploy 16 partitions
   */
  async repartition(handlerName: string, partitions: number): Promise<RepartitionResult> {
    this.checkRunning();
    return this.subscriptions.repartition(handlerName, partitions);
  }

  /**
   * The log as it is read: `event` frames (decoded events with their context), one `live` frame
   * where the replay ends, `heartbeat` frames if asked. Reads as it is consumed; `break` ends it.
   *
   * @example
   * for await (const frame of edict.watch({ from: lastSeen, types: [MoneyDeposited] })) save(frame.position);
   */
  watch(options?: WatchOptions): AsyncIterableIterator<WatchFrame> {
    return this.liveReads.watch(options);
  }

  /**
   * Yields `query()`'s result with the position it reflects, then again whenever the handlers
   * named in `after` have processed new events and the result changed.
   *
   * @example
   * for await (const { value } of edict.live(() => repo.find(), { after: 'bank.balances' })) render(value);
   */
  live<T>(query: () => T | Promise<T>, options: LiveOptions<T>): AsyncIterableIterator<LiveResult<T>> {
    return this.liveReads.live(query, options);
  }

  /** Resolves once the handlers (all by default) have processed every event up to `position`. */
  waitFor(position: number, options?: WaitForOptions): Promise<void> {
    return this.liveReads.waitFor(position, options);
  }

  /** The events a handler skipped under its error policy, with their errors. */
  async deadLetters(handlerName: string): Promise<DeadLetter[]> {
    this.checkRunning();
    return this.subscriptions.deadLetters(handlerName);
  }

  /**
   * Asks for dead letters (those of `ids`, all of the handler's when none given) to be processed
   * again: the running handler, in whichever process holds it, takes them up once it is live,
   * under its error policy, and each leaves the list once processed. Resolves with how many
   * were marked.
   *
   * @example
   * await edict.retryDeadLetters('bank.notifications', [12]);
   */
  async retryDeadLetters(handlerName: string, ids?: readonly number[]): Promise<number> {
    this.checkRunning();
    return this.subscriptions.onDeadLetters(handlerName, 'retry', ids);
  }

  /** Removes dead letters (those of `ids`, all of the handler's when none given); resolves with how many. */
  async purgeDeadLetters(handlerName: string, ids?: readonly number[]): Promise<number> {
    this.checkRunning();
    return this.subscriptions.onDeadLetters(handlerName, 'purge', ids);
  }

  /** Destroys `subjectId`'s key: their personal data reads as `REDACTED` from now on (guides/forgetting.md). Idempotent. */
  forget(subjectId: string): Promise<boolean> {
    this.checkRunning();
    return forgetSubject(this.store, subjectId);
  }

  /** After `stop()`, reads are refused too (`EdictStoppedError`): the store may be closed. */
  private checkRunning(): void {
    if (this.stopped) throw new EdictStoppedError();
  }

  /**
   * Ends watchers and live queries, refuses new commands and loads (`EdictStoppedError`;
   * `status()` still answers), waits for the commands under way, stops the handlers (releasing
   * their leases), and closes the store (its connections) unless `closeStore` was false.
   */
  stop(): Promise<void> {
    this.stopped ??= (async () => {
      const reading = this.liveReads.stop(); // ends watchers and live queries at once
      await this.dispatcher.stop();
      await this.subscriptions.stop();
      await reading;
      if (this.closeStore) await this.store.close();
    })();
    return this.stopped;
  }
}
