import type { EventProcessor } from '../contracts/event-processor';
import type { EventLog } from '../contracts/event-log';
import type { HandlerStateStore } from '../contracts/handler-state-store';
import type { TruncationStore } from '../contracts/truncation-store';
import type { HandlerErrorInfo, HandlerStatus, RebuildProgress } from '../contracts/handler-status';
import type { Logger } from '../contracts/logger';
import type { SubscriptionSettings } from '../contracts/subscription-settings';
import { ConsistencyTimeoutError, HandlerFailedError, HandlerNotActiveError } from '../errors';
import { errorInfo } from '../errors/error-info';
import type { HandlerMeta, Registry } from '../metadata/registry';
import { Checkpointer } from './checkpointer';
import { Delivery, type DeliveryControl } from './delivery';
import { EventDecoder } from './event-decoder';
import { Feed } from './feed';
import { HandlerStateMachine } from './handler-state-machine';
import { LeaseHolder } from './lease-holder';
import { Outage } from './outage';
import { Rebuild, resetHandler, truncatedUpTo } from './rebuild';
import { LeaseLost, STOPPING, StoppedByPolicy } from './signals';
import { Standby } from './standby';
import { Waiters } from './waiters';
import { WakeUp } from './wake-up';

/**
 * Runs one event handler, at least once and in position order, as a small state machine (see
 * `TRANSITIONS`): takes its lease or waits on standby, catches up from its checkpoint, follows
 * the log live, retries when an event or the store fails, ends failed (by its error policy) or
 * stopped. Its parts do the work: the feed reads, delivery applies the error policy, the
 * checkpointer writes behind, waiters serve strong consistency, rebuild replays, retries redeliver.
 */
export class Subscription {
  readonly name: string;
  private readonly machine: HandlerStateMachine;
  private readonly wakeUp = new WakeUp();
  private readonly feed: Feed;
  private readonly checkpoints: Checkpointer;
  private readonly delivery: Delivery;
  readonly waiters = new Waiters(); // read by live queries: the position their results reflect
  private readonly rebuilds: Rebuild;
  private readonly outage: Outage;
  private readonly standby: Standby;
  private deadLettered = 0;
  private lastError: HandlerErrorInfo | undefined;
  private stopping = false;
  private readonly isStopping = () => this.stopping;
  private readonly goOn = () => !this.stopping && !this.leases.lost;
  private readonly leases = new LeaseHolder(this.wakeUp);
  private loop: Promise<void> | undefined;

  constructor(
    readonly meta: HandlerMeta,
    private readonly processor: EventProcessor,
    private readonly store: EventLog & HandlerStateStore & Pick<TruncationStore, 'readTruncations'>,
    registry: Registry,
    settings: SubscriptionSettings,
    private readonly logger: Logger,
    private readonly onBatch?: (size: number) => void,
  ) {
    this.name = meta.name;
    this.machine = new HandlerStateMachine(meta.name);
    this.feed = new Feed(store, this.wakeUp, settings.batchSize, settings.pollIntervalMs);
    this.checkpoints = new Checkpointer(store, meta.name);
    this.rebuilds = new Rebuild(meta.name, (total) => truncatedUpTo(store, total));
    this.outage = new Outage(meta.name, logger);
    this.standby = new Standby(store, meta.name, settings.standbyRetryMs, this.waiters, this.wakeUp);
    this.delivery = new Delivery({
      handlerName: meta.name,
      processor,
      handles: (recorded) => meta.on.has(recorded.type),
      decoder: new EventDecoder(meta.name, registry),
      policy: meta.errorPolicy,
      deadLetters: store,
      retryEveryMs: settings.pollIntervalMs,
      control: this.control(),
      logger,
    });
  }

  /** Resolves the first time the handler turns from catching up to live; rejects if it fails or stops first. */
  get caughtUp(): Promise<void> {
    return this.machine.caughtUp;
  }

  start(): void {
    this.feed.open();
    this.loop = this.run().catch((error: unknown) => {
      this.logger.error(`Handler '${this.name}' stopped on an internal error`, { error: errorInfo(error).message });
    });
  }

  async stop(): Promise<void> {
    this.stopping = true;
    this.wakeUp.wake();
    await this.loop;
    this.feed.close();
    await this.leases.releaseAll();
    this.end('stopped', 'the application stopped');
  }

  async status(): Promise<HandlerStatus> {
    const [headPosition, position] = [await this.feed.head(), this.waiters.position];
    return {
      name: this.name,
      state: this.machine.state,
      position,
      headPosition,
      lag: Math.max(0, headPosition - position),
      caughtUp: this.machine.hasCaughtUp,
      deadLettered: this.deadLettered,
      ...(this.lastError ? { lastError: this.lastError } : {}),
    };
  }

  /** Resolves once the handler has processed every event up to `position`, or rejects after `timeoutMs`. */
  waitFor(position: number, timeoutMs: number): Promise<void> {
    const done = this.waiters.wait(
      position,
      timeoutMs,
      () => new ConsistencyTimeoutError(this.name, position, this.waiters.position, timeoutMs, this.lastError?.message),
    );
    if (this.machine.state === 'standby') this.wakeUp.wake();
    return done;
  }

  /**
   * Resets the handler and replays the whole log through it, reporting progress; resolves when
   * the replay reached the end of the log as it was when the rebuild started. The handler must
   * be running in this process (not on standby, failed or stopped).
   */
  rebuild(onProgress?: (progress: RebuildProgress) => void): Promise<void> {
    const done = this.rebuilds.request(onProgress, this.machine.state);
    this.wakeUp.wake();
    return done;
  }

  private async run(): Promise<void> {
    while (!this.stopping) {
      try {
        const lease = await this.standby.acquire(this.isStopping, this.onStandby);
        this.outage.connected();
        if (!lease) break;
        this.leases.hold(lease);
        await this.consume();
      } catch (error) {
        if (error === STOPPING) break;
        if (error instanceof LeaseLost) continue;
        if (error instanceof StoppedByPolicy) {
          this.leases.keep();
          this.end('failed', error.reason);
          break;
        }
        if (!(await this.backOff(error))) break;
      } finally {
        await this.leases.release();
      }
    }
  }

  /** A round of standby: another process holds the lease. */
  private readonly onStandby = (): void => {
    this.outage.connected();
    this.machine.to('standby');
    this.rebuilds.fail(new HandlerNotActiveError(this.name, 'standby'));
  };

  /** Reads and delivers from the checkpoint on, until stopped or the lease is lost. */
  private async consume(): Promise<void> {
    const origin = this.meta.startFrom === 'origin';
    this.waiters.advance(await this.checkpoints.load(() => (origin ? Promise.resolve(0) : this.feed.head())));
    this.machine.resume(this.rebuilds.active);
    try {
      while (this.goOn()) {
        if (this.rebuilds.pending) await this.beginRebuild();
        const batch = await this.feed.read(this.waiters.position);
        this.onBatch?.(batch.length);
        this.outage.healthy();
        await this.delivery.deliver(batch, this.waiters.position);
        if (this.leases.lost) break; // the checkpoint is the new holder's now
        const position = this.waiters.position;
        await this.checkpoints.saveBehind(position);
        if (this.rebuilds.advanced(batch, position)) {
          await this.checkpoints.flush();
          this.rebuilds.complete();
          this.machine.resume(this.rebuilds.active);
        }
        if (this.feed.reachedEnd(batch) && this.goOn()) {
          await this.checkpoints.flush();
          this.machine.to('live');
          await this.delivery.retryDeadLetters();
          await this.feed.idle();
        }
      }
    } finally {
      await this.checkpoints.close(this.waiters.position, this.leases.lost);
    }
  }

  private async beginRebuild(): Promise<void> {
    this.feed.drop();
    const reset = () =>
      this.checkpoints.flush().then(() => resetHandler(this.processor, this.meta.instance, this.store, this.name));
    if (!(await this.rebuilds.begin(reset, () => this.feed.head()))) return;
    this.checkpoints.resetTo(0);
    this.waiters.rewind(0);
    this.machine.to('catching-up');
  }

  /** The store failed the handler: say so, back off, then take the lease again. False when stopping. */
  private async backOff(error: unknown): Promise<boolean> {
    const { lastError, delayMs } = this.outage.failed(error, this.waiters.position);
    this.lastError = lastError;
    this.machine.to('retrying');
    this.standby.tryNow();
    return this.wakeUp.hold(delayMs, this.isStopping);
  }

  /** Ends the handler's work here: waits, readiness and rebuilds fail with `reason`. */
  private end(state: 'failed' | 'stopped', reason: string): void {
    const error = new HandlerFailedError(this.name, this.waiters.position, reason);
    if (state === 'failed') {
      this.logger.error(`Handler '${this.name}' stopped; it keeps its lease until the application stops`, {
        position: error.position,
        error: reason,
      });
    }
    this.machine.to(state, error);
    this.waiters.close(error);
    this.rebuilds.fail(error);
  }

  private control(): DeliveryControl {
    return {
      goOn: () => this.goOn(),
      passed: (position) => this.waiters.advance(position),
      delivered: () => this.machine.recovered(this.rebuilds.active),
      failed: (error, decision) => {
        this.lastError = error;
        if (decision.action === 'retry') this.machine.to('retrying');
      },
      deadLettered: () => {
        this.deadLettered++;
        this.machine.recovered(this.rebuilds.active);
      },
      backoff: async (ms) => {
        if (!(await this.wakeUp.hold(ms, this.isStopping))) throw STOPPING;
      },
      leaseLost: () => this.leases.lost,
    };
  }
}
