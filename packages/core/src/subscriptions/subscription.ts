import {
  ConsistencyTimeoutError,
  CorruptEventError,
  HandlerFailedError,
  HandlerNotActiveError,
  hasErrorCode,
  isEdictError,
} from '../errors';
import type { HandlerMeta, Registry } from '../metadata/registry';
import { decodeJson } from '../serialization/json-codec';
import { toEventInstance } from '../serialization/event-serializer';
import type { EventStore } from '../store/event-store';
import type { HandlerLease, RecordedEvent } from '../store/types';
import { isPromiseLike } from '../util/is-promise-like';
import { decide } from './error-policy';
import { MAX_PROCESS_BATCH, type EventProcessor, type ProcessItem, type RebuildProgress } from './processor';
import type {
  EventContext,
  HandlerErrorInfo,
  HandlerState,
  HandlerStatus,
  Logger,
  SubscriptionSettings,
} from './types';

/** Thrown inside the loop to unwind when `stop()` is called. */
class Stopping extends Error {}
const STOPPING = new Stopping('stopping');
/** Thrown inside the loop when the lease was lost during a retry; the run loop takes it again. */
class LeaseLost extends Error {
  constructor() {
    super('the handler lease was lost');
  }
}
/** Waiters for a standby handler poll the shared checkpoint this often. */
const STANDBY_WAIT_POLL_MS = 25;

interface Waiter {
  readonly position: number;
  readonly resolve: () => void;
  readonly reject: (error: Error) => void;
}

export function errorInfo(error: unknown): { message: string; code?: string; stack?: string } {
  if (error instanceof Error) {
    return {
      message: error.message,
      ...(isEdictError(error) ? { code: error.code } : {}),
      ...(error.stack ? { stack: error.stack } : {}),
    };
  }
  return { message: String(error) };
}

/**
 * Runs one event handler: takes its lease, catches up from its checkpoint, then follows the
 * log live. At-least-once and in position order; failures follow the handler's error policy.
 */
export class Subscription {
  private state: HandlerState = 'starting';
  private position = 0;
  private caughtUpFlag = false;
  private deadLettered = 0;
  /** Deliveries that went to the error policy, so far: tells a run's fallback where to stop. */
  private failures = 0;
  private lastError: HandlerErrorInfo | undefined;
  private stopping = false;
  private leaseLost = false;
  private wakeGeneration = 0;
  private wakeUp: (() => void) | undefined;
  private readonly waiters = new Set<Waiter>();
  private loop: Promise<void> | undefined;
  private unsubscribe: (() => void) | undefined;
  private resolveCaughtUp!: () => void;
  private rejectCaughtUp!: (error: Error) => void;
  /** Resolves the first time the handler turns from catching up to live; rejects if it stops first. */
  readonly caughtUp: Promise<void> = new Promise((resolve, reject) => {
    this.resolveCaughtUp = resolve;
    this.rejectCaughtUp = reject;
  });

  private rebuildRequest:
    | { onProgress: ((p: RebuildProgress) => void) | undefined; resolve: () => void; reject: (e: Error) => void }
    | undefined;

  constructor(
    readonly meta: HandlerMeta,
    private readonly processor: EventProcessor,
    private readonly store: EventStore,
    private readonly registry: Registry,
    private readonly settings: SubscriptionSettings,
    private readonly logger: Logger,
  ) {}

  get name(): string {
    return this.meta.name;
  }

  start(): void {
    this.unsubscribe = this.store.onAppended(() => this.wake());
    this.loop = this.run();
  }

  async stop(): Promise<void> {
    this.stopping = true;
    this.wake();
    await this.loop;
    this.unsubscribe?.();
    this.state = 'stopped';
    this.failWaiters(new HandlerFailedError(this.name, this.position, 'the application stopped'));
  }

  async status(): Promise<HandlerStatus> {
    const headPosition = await this.store.headPosition();
    return {
      name: this.name,
      state: this.state,
      position: this.position,
      headPosition,
      lag: Math.max(0, headPosition - this.position),
      caughtUp: this.caughtUpFlag,
      deadLettered: this.deadLettered,
      ...(this.lastError ? { lastError: this.lastError } : {}),
    };
  }

  /** Resolves once the handler has processed every event up to `position`, or rejects after `timeoutMs`. */
  waitFor(position: number, timeoutMs: number): Promise<void> {
    if (this.position >= position) return Promise.resolve();
    if (this.state === 'failed') {
      return Promise.reject(new HandlerFailedError(this.name, this.position, this.lastError?.message ?? 'failed'));
    }
    return new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters.delete(waiter);
        reject(new ConsistencyTimeoutError(this.name, position, this.position, timeoutMs, this.lastError?.message));
      }, timeoutMs);
      const waiter: Waiter = {
        position,
        resolve: () => {
          clearTimeout(timer);
          resolve();
        },
        reject: (error) => {
          clearTimeout(timer);
          reject(error);
        },
      };
      this.waiters.add(waiter);
      if (this.state === 'standby') this.wake();
    });
  }

  private wake(): void {
    this.wakeGeneration++;
    const wake = this.wakeUp;
    this.wakeUp = undefined;
    wake?.();
  }

  /** Sleeps until woken (new events, stop) or `ms` passed. */
  private pause(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.wakeUp = undefined;
        resolve();
      }, ms);
      this.wakeUp = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  }

  /** Sleeps `ms` unless stopping; wake-ups from new events do not cut it short. */
  private async backoff(ms: number): Promise<void> {
    const until = Date.now() + ms;
    while (!this.stopping && Date.now() < until) await this.pause(until - Date.now());
    if (this.stopping) throw STOPPING;
  }

  private advance(position: number): void {
    this.position = position;
    for (const w of this.waiters) {
      if (w.position <= position) {
        this.waiters.delete(w);
        w.resolve();
      }
    }
  }

  private failWaiters(error: Error): void {
    for (const w of this.waiters) w.reject(error);
    this.waiters.clear();
    if (!this.caughtUpFlag) {
      this.caughtUp.catch(() => undefined); // nobody may be waiting: not an unhandled rejection
      this.rejectCaughtUp(error);
    }
  }

  private async run(): Promise<void> {
    let lastTry = 0;
    let failures = 0;
    while (!this.stopping && this.state !== 'failed') {
      let lease: HandlerLease | undefined;
      try {
        if (Date.now() - lastTry >= this.settings.standbyRetryMs) {
          lastTry = Date.now();
          lease = await this.store.tryLockHandler(this.name);
        }
        if (!lease) {
          this.state = 'standby';
          // Someone else runs this handler: follow its checkpoint for those waiting on it.
          const checkpoint = await this.store.loadCheckpoint(this.name);
          if (checkpoint !== undefined && checkpoint > this.position) this.advance(checkpoint);
          await this.pause(this.waiters.size > 0 ? STANDBY_WAIT_POLL_MS : this.settings.standbyRetryMs);
          continue;
        }
        await this.consume(lease, () => (failures = 0));
        failures = 0;
      } catch (error) {
        if (error === STOPPING) break;
        if (error instanceof LeaseLost) {
          this.state = 'standby';
          continue;
        }
        if (error instanceof HandlerFailedError) {
          this.state = 'failed';
          this.logger.error(`Handler '${this.name}' stopped`, { position: error.position, error: error.lastError });
          this.failWaiters(error);
          break;
        }
        // The store failed (connection lost…): back off, then take the lease again.
        failures++;
        this.lastError = { ...errorInfo(error), position: this.position, attempts: failures, at: new Date() };
        this.logger.warn(`Handler '${this.name}' lost its connection to the store; retrying`, {
          error: errorInfo(error).message,
        });
        this.state = 'retrying';
        try {
          await this.backoff(Math.min(30_000, 100 * 2 ** Math.min(failures, 8)));
        } catch {
          break;
        }
        lastTry = 0;
      } finally {
        await lease?.release().catch(() => undefined);
      }
    }
    if (this.state !== 'failed') this.state = 'stopped';
  }

  /** `healthy` is called after each successful read, so back-off restarts from the shortest delay. */
  private async consume(lease: HandlerLease, healthy: () => void): Promise<void> {
    let lost = false;
    this.leaseLost = false;
    void lease.lost.then(() => {
      lost = true;
      this.leaseLost = true;
      this.wake();
    });
    const stored = await this.store.loadCheckpoint(this.name);
    let position: number = stored ?? (this.meta.startFrom === 'origin' ? 0 : await this.store.headPosition());
    if (stored === undefined) await this.store.saveCheckpoint(this.name, position);
    let saved = position;
    this.advance(position);
    this.state = this.caughtUpFlag ? 'live' : 'catching-up';
    // While catching up, the next batch is read and the last checkpoint written while the
    // current batch is delivered: the handler, not the round trips, sets the pace.
    let next: { after: number; batch: Promise<RecordedEvent[]> } | undefined;
    let saving: Promise<void> | undefined;
    let saveError: { error: unknown } | undefined;
    const checkpointWritten = async (): Promise<void> => {
      await saving;
      saving = undefined;
      if (saveError) throw saveError.error;
    };
    try {
      let rebuild: { total: number; done: number; request: NonNullable<Subscription['rebuildRequest']> } | undefined;
      while (!this.stopping && !lost) {
        if (this.rebuildRequest) {
          const request = this.rebuildRequest;
          this.rebuildRequest = undefined;
          next = undefined;
          try {
            await checkpointWritten();
            await this.resetForRebuild();
            position = saved = 0;
            this.position = 0;
            rebuild = { total: await this.store.headPosition(), done: 0, request };
            this.state = 'catching-up';
            request.onProgress?.({ handlerName: this.name, done: 0, total: rebuild.total });
          } catch (error) {
            request.reject(error as Error);
          }
        }
        const generation = this.wakeGeneration;
        const batch: RecordedEvent[] = await (next?.after === position
          ? next.batch
          : this.store.readAll(position, this.settings.batchSize));
        next = undefined;
        healthy();
        if (batch.length === this.settings.batchSize) {
          const after = batch[batch.length - 1]!.position;
          next = { after, batch: this.store.readAll(after, this.settings.batchSize) };
          next.batch.catch(() => undefined); // awaited when used; a dropped read is not an unhandled rejection
        }
        if (this.processor.processBatch) {
          // Runs of events in one call each (one transaction, say), one at a time where a run fails.
          let i = 0;
          const passed = (end: number): void => {
            for (; i < end; i++) if (rebuild && batch[i]!.position <= rebuild.total) rebuild.done++;
            position = batch[end - 1]!.position;
            this.advance(position);
          };
          while (i < batch.length && !this.stopping && !lost) await this.deliverRun(batch, i, passed, () => lost);
        } else {
          for (const event of batch) {
            if (this.stopping || lost) break;
            const delivering = this.deliver(event);
            if (delivering) await delivering;
            position = event.position;
            this.advance(position);
            if (rebuild && position <= rebuild.total) rebuild.done++;
          }
        }
        if (position !== saved) {
          await checkpointWritten();
          saving = this.store.saveCheckpoint(this.name, position).catch((error: unknown) => {
            saveError = { error };
          });
          saved = position;
        }
        if (rebuild) {
          const { request, total } = rebuild;
          const done = Math.min(rebuild.done, total);
          request.onProgress?.({ handlerName: this.name, done, total });
          if (position >= total || batch.length === 0) {
            await checkpointWritten();
            rebuild = undefined;
            request.resolve();
          }
        }
        if (batch.length < this.settings.batchSize) {
          await checkpointWritten();
          if (!this.caughtUpFlag) {
            this.caughtUpFlag = true;
            this.resolveCaughtUp();
          }
          this.state = 'live';
          if (generation === this.wakeGeneration && !this.stopping && !lost) {
            await this.pause(this.settings.pollIntervalMs);
          }
        }
      }
    } finally {
      await saving;
      if (position !== saved && !lost) await this.store.saveCheckpoint(this.name, position).catch(() => undefined);
    }
  }

  /**
   * Resets the handler and replays the whole log through it, reporting progress; resolves when
   * the replay reached the end of the log as it was when the rebuild started. The handler must
   * be running in this process (not on standby or failed).
   */
  rebuild(onProgress?: (progress: RebuildProgress) => void): Promise<void> {
    if (this.state !== 'live' && this.state !== 'catching-up' && this.state !== 'retrying') {
      return Promise.reject(new HandlerNotActiveError(this.name, this.state));
    }
    return new Promise<void>((resolve, reject) => {
      this.rebuildRequest = { onProgress, resolve, reject };
      this.wake();
    });
  }

  private async resetForRebuild(): Promise<void> {
    if (this.processor.reset) return this.processor.reset();
    const instance = this.meta.instance as { reset?: () => unknown };
    if (typeof instance.reset === 'function') await instance.reset();
    await this.store.resetCheckpoint(this.name, 0);
  }

  /**
   * Delivers the events of `batch` from `from` on, as far as one run goes, calling `passed(end)`
   * each time the events before `end` are processed (or passed over, or dead-lettered). A run is
   * up to `MAX_PROCESS_BATCH` events the handler has `@On` methods for (with the events it does
   * not handle between them), given to `processBatch` at once. When that rejects (nothing took
   * effect), its events are delivered one at a time under the error policy until one of them
   * fails and the policy dealt with it (retried, dead-lettered); the rest goes back to runs.
   */
  private async deliverRun(
    batch: readonly RecordedEvent[],
    from: number,
    passed: (end: number) => void,
    lost: () => boolean,
  ): Promise<void> {
    const items: ProcessItem[] = [];
    let end = from;
    for (; end < batch.length && items.length < MAX_PROCESS_BATCH; end++) {
      const recorded = batch[end]!;
      if (!this.meta.on.has(recorded.type)) continue;
      try {
        items.push({
          event: toEventInstance(recorded, recorded.streamId, this.registry),
          ctx: this.context(recorded),
          recorded,
        });
      } catch {
        break; // an event that cannot be decoded goes alone, through the error policy
      }
    }
    if (items.length > 1) {
      try {
        await this.processor.processBatch!(items);
        this.delivered();
        passed(end);
        return;
      } catch (error) {
        // The store is unreachable: an outage, as for a single event (see `failed`).
        if (hasErrorCode(error, 'STORE_UNAVAILABLE')) throw error;
        this.logger.warn(
          `Handler '${this.name}' failed on a run of ${items.length} events; delivering them one by one`,
          {
            from: items[0]!.recorded.position,
            to: items[items.length - 1]!.recorded.position,
            error: errorInfo(error).message,
          },
        );
      }
    }
    // One at a time: a run of one, an event that cannot be decoded, or a run that failed.
    const failures = this.failures;
    let i = from;
    do {
      const delivering = this.deliver(batch[i]!);
      if (delivering) await delivering;
      passed(++i);
    } while (i < Math.max(end, from + 1) && this.failures === failures && !this.stopping && !lost());
  }

  /**
   * Delivers one event. A handler that finished synchronously costs no promise: the result
   * is a promise only while the handler's own promise or the error policy is pending.
   */
  private deliver(recorded: RecordedEvent): Promise<void> | undefined {
    if (!this.meta.on.has(recorded.type)) return undefined;
    try {
      const event = toEventInstance(recorded, recorded.streamId, this.registry);
      const pending = this.processor.process(event, this.context(recorded), recorded);
      if (isPromiseLike(pending)) {
        return Promise.resolve(pending).then(
          () => this.delivered(),
          (error: unknown) => this.failed(recorded, error),
        );
      }
      this.delivered();
      return undefined;
    } catch (error) {
      return this.failed(recorded, error);
    }
  }

  private delivered(): void {
    if (this.state === 'retrying') this.state = this.caughtUpFlag ? 'live' : 'catching-up';
  }

  /** Applies the error policy to a failed delivery, retrying the event as long as it says so. */
  private async failed(recorded: RecordedEvent, firstError: unknown): Promise<void> {
    this.failures++;
    let error = firstError;
    for (let attempt = 1; ; attempt++) {
      if (attempt > 1) {
        try {
          const event = toEventInstance(recorded, recorded.streamId, this.registry);
          await this.processor.process(event, this.context(recorded), recorded);
          this.delivered();
          return;
        } catch (retryError) {
          error = retryError;
        }
      }
      // The store is unreachable: not the event's fault, so not the error policy's business
      // (an outage must neither stop the handler nor dead-letter healthy events). The run
      // loop backs off, takes the lease again and resumes from the checkpoint.
      if (hasErrorCode(error, 'STORE_UNAVAILABLE')) throw error;
      const info = errorInfo(error);
      this.lastError = { ...info, position: recorded.position, attempts: attempt, at: new Date() };
      const decision = decide(this.meta.errorPolicy, attempt);
      this.logger.warn(`Handler '${this.name}' failed on event ${recorded.position} (${recorded.type})`, {
        attempt,
        decision: decision.action,
        error: info.message,
      });
      if (decision.action === 'retry') {
        this.state = 'retrying';
        await this.backoff(decision.delayMs);
        // Another process may hold the handler now: leave the event to it.
        if (this.leaseLost) throw new LeaseLost();
        continue;
      }
      if (decision.action === 'skip') {
        await this.store.addDeadLetter({
          handler: this.name,
          event: recorded,
          error: info,
          attempts: attempt,
          failedAt: new Date(),
        });
        this.deadLettered++;
        return;
      }
      throw new HandlerFailedError(this.name, this.position, info.message);
    }
  }

  private context(e: RecordedEvent): EventContext {
    const md = e.metadata as Partial<RecordedEvent['metadata']> | null;
    if (typeof md !== 'object' || md === null)
      throw new CorruptEventError(e.streamId, e.version, 'the metadata is not an object');
    return {
      handlerName: this.name,
      eventId: e.eventId,
      eventType: e.type,
      schemaVersion: e.schemaVersion,
      streamId: e.streamId,
      version: e.version,
      position: e.position,
      createdAt: e.createdAt,
      commandId: String(md.commandId),
      correlationId: String(md.correlationId),
      causationId: String(md.causationId),
      metadata: md.user ? (decodeJson(md.user) as Record<string, unknown>) : NO_METADATA,
    };
  }
}

/** The metadata of events dispatched without any: one shared, frozen object, not one per event. */
const NO_METADATA: Readonly<Record<string, unknown>> = Object.freeze({});
