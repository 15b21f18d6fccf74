import type { EventProcessor } from '../contracts/event-processor';
import { hasErrorCode, RepartitionRefusedError, UnknownHandlerError } from '../errors';
import { checkConsistency } from './check-consistency';
import type { DispatchOptions, DispatchResult } from '../contracts/dispatch';
import type { HandlerMeta, Registry } from '../metadata/registry';
import type { EventStore } from '../contracts/event-store';
import type { DeadLetter, RecordedEvent } from '../contracts/store-records';
import { processManagerProcessor, type Dispatch } from '../process-managers/process-manager-processor';
import { methodProcessor } from './method-processor';
import { ProcessLeases } from '../leases/process-leases';
import { Subscription } from './subscription';
import type { LoopPlace } from './loop-place';
import { HandlerRun } from './handler-run';
import { PartitionShare } from './partition-share';
import { withOwners } from './partition-owners';
import { partitionName } from '../metadata/partitioning';
import type { HandlerStatus, RepartitionResult } from '../contracts/handler-status';
import { repartition } from './repartition';
import { partitionCountChange } from './stored-partitions';
import type { Logger } from '../contracts/logger';
import type { SubscriptionSettings } from '../contracts/subscription-settings';
import type { HandlerMiddleware } from '../contracts/telemetry';
import { handlerSamples } from '../telemetry/handler-samples';
import { observedProcessor } from '../telemetry/observed-processor';
import { Telemetry } from '../telemetry/telemetry';

/**
 * What watches the handlers: the application's telemetry and its handler middleware.
 * @internal (kept out of the declarations: its types come from the optional `@opentelemetry/api`)
 */
export interface SubscriptionObservers {
  readonly telemetry: Telemetry;
  readonly hooks: readonly HandlerMiddleware[];
}

/**
 * All the handlers of one application, and the strong-consistency waits on them (the
 * dispatcher's `HandlerWaits`).
 */
export class SubscriptionSet {
  private readonly byName = new Map<string, HandlerRun>();
  /** Every loop: one per handler, one per partition of a partitioned handler. */
  private readonly loops: Subscription[] = [];
  private unobserve: (() => void) | undefined;
  private processLeases: ProcessLeases | undefined;
  private dispatch: Dispatch = () => Promise.reject(new Error('the application has not started'));

  /** @internal */
  constructor(
    private readonly registry: Registry,
    private readonly store: EventStore,
    private readonly settings: SubscriptionSettings,
    private readonly logger: Logger,
    private readonly defaultTimeoutMs: number,
    private readonly observers: SubscriptionObservers = { telemetry: Telemetry.off, hooks: [] },
  ) {}

  get names(): string[] {
    return [...this.byName.keys()];
  }

  /** Starts every handler (or those `only` names); process managers send the commands they return through `dispatch`. */
  start(dispatch: Dispatch, only?: readonly string[]): void {
    this.dispatch = dispatch;
    const known = this.registry.handlers.map((h) => h.name);
    for (const name of only ?? []) if (!known.includes(name)) throw new UnknownHandlerError(name, known);
    const metrics = this.observers.telemetry.metrics;
    const run = this.registry.handlers.filter((meta) => !only || only.includes(meta.name));
    const leases = new ProcessLeases(
      this.store,
      this.settings.leasePeriodMs,
      run.map((m) => m.name),
      this.logger,
    );
    this.processLeases = leases;
    for (const meta of run) {
      const share = meta.partitions && this.shareOf(meta.name, meta.partitions.count, leases);
      const loops = this.loopsOf(meta, leases, dispatch, (partition) => ({ partition, share }));
      this.loops.push(...loops);
      this.byName.set(meta.name, new HandlerRun(loops));
    }
    this.unobserve = metrics?.observeHandlers(() => handlerSamples(() => this.status(), this.store));
    if (run.length > 0) leases.start();
    for (const s of this.loops) {
      s.start();
      this.logger.info?.(`Handler '${s.name}' started`, { handler: s.name, kind: s.meta.kind });
      s.caughtUp.then(
        () => this.logger.info?.(`Handler '${s.name}' caught up`, { handler: s.name, position: s.waiters.position }),
        () => undefined, // a handler that fails or stops first says so itself
      );
    }
  }

  /** The loops of a handler, one per partition (`place` says where each runs), not started. */
  private loopsOf(
    meta: HandlerMeta,
    leases: ProcessLeases,
    dispatch: Dispatch,
    place: (partition: number | undefined) => LoopPlace,
  ): Subscription[] {
    const { telemetry, hooks } = this.observers;
    const kind = meta.kind === 'plugin' ? meta.plugin!.name : meta.kind;
    const handles = (recorded: RecordedEvent) => meta.on.has(recorded.type);
    const indexes = meta.partitions ? [...Array(meta.partitions.count).keys()] : [undefined];
    return indexes.map((index) => {
      const name = index === undefined ? meta.name : partitionName(meta.name, index, meta.partitions!.count);
      const processor = this.processorOf(meta, name, dispatch);
      const observed = observedProcessor(processor, { name: meta.name, kind }, telemetry, hooks, this.logger, handles);
      const { store, registry, settings, logger } = this;
      const batches = observed.batches;
      return new Subscription(
        meta,
        observed.processor,
        store,
        leases,
        registry,
        settings,
        logger,
        batches,
        place(index),
      );
    });
  }

  /**
   * Before the handlers start: refuses (`PartitionCountChangedError`) a handler to run whose
   * checkpoints are of another partition count than it declares. A store that cannot answer
   * now leaves the check to each loop, before it writes its first checkpoint.
   */
  async checkPartitionCounts(only?: readonly string[]): Promise<void> {
    const run = this.registry.handlers.filter((meta) => !only || only.includes(meta.name));
    const changes = await Promise.all(run.map((meta) => partitionCountChange(this.store, meta))).catch((error) => {
      if (hasErrorCode(error, 'STORE_UNAVAILABLE')) return [];
      throw error;
    });
    const changed = changes.find((c) => c !== undefined);
    if (changed) throw changed;
  }

  /**
   * Moves a handler that does not run in this application from the partition count of its
   * checkpoints to `count`, through a barrier (see `repartition`).
   */
  async repartition(name: string, count: number): Promise<RepartitionResult> {
    const meta = this.registry.handlers.find((m) => m.name === name);
    if (!meta)
      throw new UnknownHandlerError(
        name,
        this.registry.handlers.map((h) => h.name),
      );
    if (this.byName.has(name)) {
      const detail = `it runs in this application: repartition it from one that does not run it (runHandlers without it)`;
      throw new RepartitionRefusedError(name, 'running', detail);
    }
    const loops = (until: number) => {
      const leases = new ProcessLeases(this.store, this.settings.leasePeriodMs, [], this.logger);
      const run = this.loopsOf(meta, leases, this.dispatch, (partition) => ({ partition, until }));
      leases.start();
      const stop = async () => {
        await Promise.all(run.map((s) => s.stop()));
        await leases.stop();
      };
      return { loops: run, stop };
    };
    return repartition(meta, count, { store: this.store, loops });
  }

  /** The share of a partitioned handler's partitions this process takes: by the live processes that run it. */
  private shareOf(handler: string, count: number, leases: ProcessLeases): PartitionShare {
    const live = () => leases.liveProcesses();
    const held = () => this.store.readLeases();
    const { standbyRetryMs, leasePeriodMs } = this.settings;
    return new PartitionShare(handler, count, leases.owner.id, live, held, standbyRetryMs, leasePeriodMs / 2);
  }

  /** How one handler processes an event: by its kind, or by its plugin. */
  private processorOf(meta: HandlerMeta, name: string, dispatch: Dispatch): EventProcessor {
    if (meta.kind === 'process-manager') return processManagerProcessor(meta, this.store, dispatch);
    if (meta.kind === 'plugin') {
      // A partition's processor keeps the partition's checkpoint (a projection's, in its transaction).
      return meta.plugin!.processor({ name, instance: meta.instance, on: meta.on }, { store: this.store });
    }
    return methodProcessor(meta.instance, meta.on);
  }

  async stop(): Promise<void> {
    this.unobserve?.();
    await Promise.all(this.loops.map((s) => s.stop()));
    await this.processLeases?.stop();
  }

  /** This process's leases (one owner, renewed together), once started. */
  get leases(): ProcessLeases | undefined {
    return this.processLeases;
  }

  get(name: string): HandlerRun {
    const s = this.byName.get(name);
    if (!s) throw new UnknownHandlerError(name, this.names);
    return s;
  }

  /** One entry per handler, one per partition of a partitioned handler. */
  async status(): Promise<HandlerStatus[]> {
    const statuses = await Promise.all(this.loops.map((s) => s.status()));
    return this.loops.some((s) => s.slice.partition) ? withOwners(statuses, this.store) : statuses;
  }

  /**
   * Makes the stored checkpoint of every handler running here cover the events it processed
   * (they are written behind): for a truncation, which reads the stored checkpoints.
   */
  async storeCheckpoints(): Promise<void> {
    await Promise.all(this.loops.map((s) => s.checkpoints.cover(s.waiters.position)));
  }

  /** A handler's dead letters (of all its partitions, in the order they were recorded). */
  async deadLetters(name: string): Promise<DeadLetter[]> {
    const lists = await Promise.all(this.get(name).storeNames.map((n) => this.store.readDeadLetters(n)));
    return lists.length === 1 ? lists[0]! : lists.flat().sort((a, b) => (a.id ?? 0) - (b.id ?? 0));
  }

  /** Marks a handler's dead letters (all, or those `ids`) for a retry, or purges them; how many. */
  async onDeadLetters(name: string, action: 'retry' | 'purge', ids?: readonly number[]): Promise<number> {
    const run = (n: string) =>
      action === 'retry' ? this.store.retryDeadLetters(n, ids) : this.store.purgeDeadLetters(n, ids);
    const counts = await Promise.all(this.get(name).storeNames.map(run));
    return counts.reduce((a, b) => a + b, 0);
  }

  /** Validates `consistency` and its timeout before anything is dispatched. */
  check(options: DispatchOptions): void {
    checkConsistency(options, (name) => this.get(name));
  }

  /** For `consistency: 'strong'`: waits until the handlers concerned processed the events. */
  async waitFor(result: DispatchResult, options: DispatchOptions): Promise<void> {
    const c = options.consistency;
    if (c === undefined || c === 'eventual' || result.events.length === 0) return;
    const timeoutMs = options.consistencyTimeoutMs ?? this.defaultTimeoutMs;
    const runs = c === 'strong' ? [...this.byName.values()] : c.map((name) => this.get(name));
    await Promise.all(runs.map((run) => run.waitForEvents(result.events, c === 'strong', timeoutMs)));
  }
}
