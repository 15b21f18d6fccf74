import { v7 as uuidv7 } from 'uuid';
import type { AggregateStateStore } from '../contracts/aggregate-state-store';
import type { CommandContext, DispatchOptions, DispatchResult } from '../contracts/dispatch';
import type { EventLog } from '../contracts/event-log';
import type { EventMetadata, NewEvent, StoredCommand } from '../contracts/store-records';
import {
  ConcurrencyError,
  EdictStoppedError,
  InvalidAggregateIdError,
  hasErrorCode,
  isConcurrencyError,
} from '../errors';
import type { AggregateMeta, CommandMeta, Registry } from '../metadata/registry';
import { checkIdentifier, MAX_ID_LENGTH } from '../validation/rules';
import { AggregateCache, type LoadedAggregate } from './aggregate-cache';
import { AggregateRepository, streamIdOf } from './aggregate-repository';
import { applyEvent, decide, type DecidedEvent } from './aggregate-runtime';
import { checkDispatchOptions } from './check-dispatch-options';
import { commandFingerprint } from './command-fingerprint';
import { retryDelayMs } from './conflict-retry';
import { aggregateResult } from './dispatch-result';
import type { DispatcherConfig, HandlerWaits } from './dispatcher-config';
import { DispatchProbe, traced } from '../telemetry/dispatch-probe';
import type { Telemetry } from '../telemetry/telemetry';
import { encodeEvents, eventMetadata } from './encode-events';
import { Lanes } from './lanes';
import { throughMiddleware } from './through-middleware';
import { replayCommand } from './replay-command';
import { resolveCommand, type CommandTarget } from './resolve-command';
import { runCommandHandler } from './run-command-handler';
import { validateCommand } from './validate-command';

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * The command pipeline: validate → middleware before → route → the aggregate's lane → load →
 * execute → append with the expected version (retrying conflicts) → cache → middleware after.
 * `execute` reads as its steps; each step is a small function or method below or beside it.
 */
export class Dispatcher {
  private readonly lanes = new Lanes();
  private readonly cache: AggregateCache;
  private readonly repository: AggregateRepository;
  private readonly inFlight = new Set<Promise<unknown>>();
  private stopped = false;

  /** @internal */
  constructor(
    private readonly registry: Registry,
    private readonly store: EventLog & AggregateStateStore,
    private readonly config: DispatcherConfig,
    private readonly waits: HandlerWaits,
    private readonly telemetry: Telemetry,
  ) {
    this.cache = new AggregateCache(config.cacheSize);
    this.repository = new AggregateRepository(registry, store, config.onSnapshotError);
  }

  /** `cause`: the stored event or the command context the command comes from, for its trace. */
  dispatch(target: CommandTarget, payload?: unknown, opts?: DispatchOptions, cause?: object): Promise<DispatchResult> {
    const run = this.run(target, payload, opts, cause);
    this.inFlight.add(run);
    void run.then(
      () => this.inFlight.delete(run),
      () => this.inFlight.delete(run),
    );
    return run;
  }

  /** Refuses new commands and waits for those under way. */
  async stop(): Promise<void> {
    this.stopped = true;
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
  }

  private async run(
    target: CommandTarget,
    payload: unknown,
    given: DispatchOptions | undefined,
    cause: object | undefined,
  ): Promise<DispatchResult> {
    if (this.stopped) throw new EdictStoppedError();
    const { command, meta } = resolveCommand(this.registry, target, payload);
    const options = checkDispatchOptions(given ?? {});
    this.waits.check(options);
    const commandId = options.commandId ?? uuidv7();
    const ctx: CommandContext = {
      command,
      commandType: meta.type,
      commandId,
      correlationId: options.correlationId ?? commandId,
      causationId: options.causationId ?? commandId,
      metadata: { ...(options.metadata ?? {}) },
    };
    if (!this.telemetry.on) return this.route(meta, ctx, options, undefined);
    const probe = new DispatchProbe(this.telemetry, ctx, cause);
    return probe.run(() => this.route(meta, ctx, options, probe));
  }

  /** Middleware, the aggregate's lane or the command handler, then the strong-consistency wait. */
  private async route(
    meta: CommandMeta,
    ctx: CommandContext,
    options: DispatchOptions,
    probe: DispatchProbe | undefined,
  ): Promise<DispatchResult> {
    const route = meta.route;
    let result: DispatchResult;
    if (route.kind === 'aggregate') {
      const property = meta.aggregateIdProperty!;
      const id = (ctx.command as Record<string, unknown>)[property];
      const problem = checkIdentifier(id, MAX_ID_LENGTH);
      if (problem !== undefined) {
        await validateCommand(meta, ctx.command);
        throw new InvalidAggregateIdError(meta.type, property, problem);
      }
      const streamId = streamIdOf(route.aggregate, id as string);
      probe?.aggregate(route.aggregate.name, id as string, streamId);
      result = await this.lanes.run(streamId, () =>
        throughMiddleware(this.config, meta, ctx, () =>
          this.execute(route.aggregate, route.method, id as string, streamId, ctx, options, probe),
        ),
      );
    } else {
      probe?.parentOfChildren();
      result = await throughMiddleware(this.config, meta, ctx, () =>
        runCommandHandler(route.handler, ctx, options, (command, o) => this.dispatch(command, undefined, o, ctx)),
      );
    }
    await this.waits.waitFor(result, options);
    return result;
  }

  /**
   * One command on its aggregate, in the aggregate's lane: replay a command id already
   * recorded; otherwise load the state (cache, else the store), decide, append with the
   * expected version, and on a conflict start again from a fresh load, within the retry limit.
   */
  private async execute(
    aggregate: AggregateMeta,
    method: string,
    aggregateId: string,
    streamId: string,
    ctx: CommandContext,
    options: DispatchOptions,
    probe: DispatchProbe | undefined,
  ): Promise<DispatchResult> {
    // What the command id stands for: a reuse of the id for another command is refused.
    const fingerprint = options.commandId === undefined ? undefined : commandFingerprint(ctx.commandType, ctx.command);
    if (fingerprint !== undefined) {
      const found = await this.store.findCommand(ctx.commandId);
      if (found) return replayCommand(found, fingerprint, aggregateId, streamId, ctx);
    }
    const metadata = eventMetadata(ctx, this.config.maxEventSize, probe?.traceMetadata());
    for (let attempt = 1; ; attempt++) {
      // Out of the cache while we work on it; back in only once it matches the store.
      const state =
        this.cache.take(streamId) ?? (await traced(probe, 'load', () => this.repository.load(aggregate, streamId)));
      let decided: DecidedEvent[];
      try {
        decided = await decide(
          this.registry,
          aggregate,
          method,
          state.instance,
          ctx.command,
          ctx,
          this.config.checkMutations,
        );
      } catch (error) {
        this.keepAfterRefusal(streamId, state, error);
        throw error;
      }
      const events = this.encode(streamId, state, decided, metadata);
      if (events.length === 0 && fingerprint === undefined) {
        this.cache.set(streamId, state);
        return aggregateResult(ctx, aggregateId, streamId, state.version, [], false);
      }
      try {
        for (const { event, meta } of decided) applyEvent(aggregate, state.instance, meta.type, event);
        const request = {
          streamId,
          events,
          expectedVersion: state.version,
          ...(fingerprint !== undefined ? { commandId: ctx.commandId, commandFingerprint: fingerprint } : {}),
        };
        const appended = await traced(probe, 'append', () => this.store.append(request));
        const next: LoadedAggregate = { instance: state.instance, version: appended.version };
        this.cache.set(streamId, next);
        if (aggregate.snapshotEvery !== undefined) {
          await this.repository.maybeSnapshot(aggregate, streamId, state.version, next);
        }
        return aggregateResult(ctx, aggregateId, streamId, appended.version, appended.events, false);
      } catch (error) {
        if (isConcurrencyError(error)) {
          const delayMs = retryDelayMs(attempt, this.config.retry);
          probe?.conflict(delayMs !== undefined);
          if (delayMs === undefined) throw new ConcurrencyError(streamId, state.version, error.actualVersion, attempt);
          if (attempt > 1) await sleep(delayMs);
          continue;
        }
        const found = await this.recordedAfterAll(fingerprint, ctx, error);
        if (found) return replayCommand(found, fingerprint, aggregateId, streamId, ctx);
        throw error;
      }
    }
  }

  /**
   * The decided events encoded for the store. An event that cannot be encoded refuses the
   * command; the state, which no event has touched yet, goes back to the cache as it was.
   */
  private encode(
    streamId: string,
    state: LoadedAggregate,
    decided: readonly DecidedEvent[],
    metadata: EventMetadata,
  ): NewEvent[] {
    try {
      return encodeEvents(decided, metadata, this.config.maxEventSize);
    } catch (error) {
      this.keepAfterRefusal(streamId, state, error);
      throw error;
    }
  }

  /**
   * After a refused command, the state goes back to the cache only when it is known to be the
   * fold of the stream still: checked unchanged. Changed, or unchecked (the executor may have
   * changed it before it threw), it is left out: the next command reloads it from the store.
   */
  private keepAfterRefusal(streamId: string, state: LoadedAggregate, error: unknown): void {
    if (this.config.checkMutations && !hasErrorCode(error, 'EXECUTOR_MUTATION')) this.cache.set(streamId, state);
  }

  /**
   * When an idempotent append was refused as a duplicate, another dispatch of the same command
   * id won the race: its record, to replay. Undefined for any other failure.
   */
  private async recordedAfterAll(
    fingerprint: string | undefined,
    ctx: CommandContext,
    error: unknown,
  ): Promise<StoredCommand | undefined> {
    if (fingerprint === undefined || !hasErrorCode(error, 'DUPLICATE_COMMAND')) return undefined;
    return this.store.findCommand(ctx.commandId);
  }
}
