import { v7 as uuidv7 } from 'uuid';
import {
  ConcurrencyError,
  EdictStoppedError,
  InvalidAggregateIdError,
  hasErrorCode,
  isConcurrencyError,
} from '../errors';
import type { AggregateMeta, CommandMeta, Registry } from '../metadata/registry';
import { checkIdentifier, MAX_ID_LENGTH } from '../validation/rules';
import { encodeJson } from '../serialization/json-codec';
import type { AggregateStateStore } from '../contracts/aggregate-state-store';
import type { EventLog } from '../contracts/event-log';
import type { EventMetadata, NewEvent } from '../contracts/store-records';
import { AggregateCache } from './aggregate-cache';
import { AggregateRepository, streamIdOf } from './aggregate-repository';
import { applyEvent, decide } from './aggregate-runtime';
import { checkDispatchOptions } from './check-dispatch-options';
import { commandFingerprint } from './command-fingerprint';
import { Lanes } from './lanes';
import { replayCommand } from './replay-command';
import { resolveCommand, type CommandTarget } from './resolve-command';
import { runCommandHandler } from './run-command-handler';
import type { DispatcherConfig } from './dispatcher-config';
import type { CommandContext, DispatchOptions, DispatchResult } from '../contracts/dispatch';
import { validateCommand } from './validate-command';

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * The command pipeline: validate → middleware before → route → the aggregate's lane → load →
 * execute → append with the expected version (retrying conflicts) → cache → middleware after.
 */
export class Dispatcher {
  private readonly lanes = new Lanes();
  private readonly cache: AggregateCache;
  private readonly repository: AggregateRepository;
  private readonly inFlight = new Set<Promise<unknown>>();
  private stopped = false;

  constructor(
    private readonly registry: Registry,
    private readonly store: EventLog & AggregateStateStore,
    private readonly config: DispatcherConfig,
  ) {
    this.cache = new AggregateCache(config.cacheSize);
    this.repository = new AggregateRepository(registry, store, config.onSnapshotError);
  }

  dispatch(target: CommandTarget, payload?: unknown, options?: DispatchOptions): Promise<DispatchResult> {
    const run = this.run(target, payload, options);
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
  ): Promise<DispatchResult> {
    if (this.stopped) throw new EdictStoppedError();
    const { command, meta } = resolveCommand(this.registry, target, payload);
    const options = checkDispatchOptions(given ?? {});
    this.config.checkConsistency(options);
    const commandId = options.commandId ?? uuidv7();
    const ctx: CommandContext = {
      command,
      commandType: meta.type,
      commandId,
      correlationId: options.correlationId ?? commandId,
      causationId: options.causationId ?? commandId,
      metadata: { ...(options.metadata ?? {}) },
    };
    const route = meta.route;
    let result: DispatchResult;
    if (route.kind === 'aggregate') {
      const property = meta.aggregateIdProperty!;
      const id = (command as Record<string, unknown>)[property];
      const problem = checkIdentifier(id, MAX_ID_LENGTH);
      if (problem !== undefined) {
        await validateCommand(meta, command);
        throw new InvalidAggregateIdError(meta.type, property, problem);
      }
      const streamId = streamIdOf(route.aggregate, id as string);
      result = await this.lanes.run(streamId, () =>
        this.pipeline(ctx, meta, () =>
          this.execute(route.aggregate, route.method, id as string, streamId, ctx, options),
        ),
      );
    } else {
      result = await this.pipeline(ctx, meta, () =>
        runCommandHandler(route.handler, ctx, options, (command, o) => this.dispatch(command, undefined, o)),
      );
    }
    await this.config.waitForHandlers(result, options);
    return result;
  }

  private async pipeline(
    ctx: CommandContext,
    meta: CommandMeta,
    step: () => Promise<DispatchResult>,
  ): Promise<DispatchResult> {
    try {
      await validateCommand(meta, ctx.command);
      for (const m of this.config.middleware) await m.before?.(ctx);
      const result = await step();
      for (const m of this.config.middleware) {
        // The events are stored: a failing `after` must not make the caller believe otherwise.
        try {
          await m.after?.(ctx, result);
        } catch (error) {
          this.config.onMiddlewareError(ctx, error);
        }
      }
      return result;
    } catch (error) {
      for (const m of this.config.middleware) await m.onError?.(ctx, error);
      throw error;
    }
  }

  private async execute(
    aggregate: AggregateMeta,
    method: string,
    aggregateId: string,
    streamId: string,
    ctx: CommandContext,
    options: DispatchOptions,
  ): Promise<DispatchResult> {
    const idempotent = options.commandId !== undefined;
    // What the command id stands for: a reuse of the id for another command is refused.
    const fingerprint = idempotent ? commandFingerprint(ctx.commandType, ctx.command) : undefined;
    if (idempotent) {
      const found = await this.store.findCommand(ctx.commandId);
      if (found) return replayCommand(found, fingerprint, aggregateId, streamId, ctx);
    }
    const metadata: EventMetadata = {
      commandId: ctx.commandId,
      correlationId: ctx.correlationId,
      causationId: ctx.causationId,
      ...(Object.keys(ctx.metadata).length > 0
        ? { user: encodeJson(ctx.metadata, `metadata of ${ctx.commandType}`, this.config.maxEventSize) }
        : {}),
    };
    const { retry } = this.config;
    for (let attempt = 1; ; attempt++) {
      const state = this.cache.get(streamId) ?? (await this.repository.load(aggregate, streamId));
      // Out of the cache while we work on it; back in only once it matches the store.
      this.cache.delete(streamId);
      let events: NewEvent[];
      let decided;
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
        events = decided.map(({ event, meta }) => ({
          eventId: uuidv7(),
          type: meta.type,
          schemaVersion: meta.version,
          data: encodeJson(event, meta.type, this.config.maxEventSize),
          metadata,
        }));
      } catch (error) {
        // Checked unchanged, the state is still the fold of the stream. Changed, or unchecked
        // (the executor may have changed it before it threw), it is left out: the next
        // command reloads it from the store.
        if (this.config.checkMutations && !hasErrorCode(error, 'EXECUTOR_MUTATION')) this.cache.set(streamId, state);
        throw error;
      }
      if (events.length === 0 && !idempotent) {
        this.cache.set(streamId, state);
        return {
          commandId: ctx.commandId,
          correlationId: ctx.correlationId,
          aggregateId,
          streamId,
          version: state.version,
          events: [],
          duplicate: false,
        };
      }
      try {
        for (const { event, meta } of decided) applyEvent(aggregate, state.instance, meta.type, event);
        const appended = await this.store.append({
          streamId,
          events,
          expectedVersion: state.version,
          ...(idempotent ? { commandId: ctx.commandId, commandFingerprint: fingerprint } : {}),
        });
        const next = { instance: state.instance, version: appended.version };
        this.cache.set(streamId, next);
        await this.repository.maybeSnapshot(aggregate, streamId, state.version, next);
        return {
          commandId: ctx.commandId,
          correlationId: ctx.correlationId,
          aggregateId,
          streamId,
          version: appended.version,
          events: appended.events,
          duplicate: false,
        };
      } catch (error) {
        if (isConcurrencyError(error)) {
          if (attempt < retry.attempts) {
            // The first retry goes at once (the other writer is usually done); later ones back
            // off with jitter, so that writers that keep colliding spread out.
            if (attempt > 1) {
              const ceiling = Math.min(retry.maxDelayMs, retry.initialDelayMs * 2 ** (attempt - 2));
              await sleep(Math.random() * ceiling);
            }
            continue;
          }
          throw new ConcurrencyError(streamId, state.version, error.actualVersion, attempt);
        }
        if (idempotent && hasErrorCode(error, 'DUPLICATE_COMMAND')) {
          const found = await this.store.findCommand(ctx.commandId);
          if (found) return replayCommand(found, fingerprint, aggregateId, streamId, ctx);
        }
        throw error;
      }
    }
  }
}
