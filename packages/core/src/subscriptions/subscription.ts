import type { EventProcessor } from '../contracts/event-processor';
import type { EventLog } from '../contracts/event-log';
import type { HandlerStateStore } from '../contracts/handler-state-store';
import type { TruncationStore } from '../contracts/truncation-store';
import type { HandlerErrorInfo, HandlerStatus, RebuildProgress } from '../contracts/handler-status';
import type { Logger } from '../contracts/logger';
import type { SubscriptionSettings } from '../contracts/subscription-settings';
import { ConsistencyTimeoutError, HandlerNotActiveError, hasErrorCode } from '../errors';
import { errorInfo } from '../errors/error-info';
import type { ProcessLeases } from '../leases/process-leases';
import type { HandlerMeta, Registry } from '../metadata/registry';
import { Checkpointer } from './checkpointer';
import { Delivery, type DeliveryControl } from './delivery';
import { EventDecoder } from './event-decoder';
import { Feed } from './feed';
import { endHandler } from './handler-end';
import { handlerSlice, type HandlerSlice } from './handler-slice';
import { HandlerStateMachine } from './handler-state-machine';
import { LeaseHolder } from './lease-holder';
import { Outage } from './outage';
import { Rebuild, resetHandler, truncatedUpTo } from './rebuild';
import { LeaseLost, STOPPING, StoppedByPolicy } from './signals';
import type { LoopPlace } from './loop-place';
import { cappedLog } from './capped-log';
import { startPosition } from './stored-partitions';
import { Standby } from './standby';
import { loopStatus } from './loop-status';
import { Waiters } from './waiters';
import { WakeUp } from './wake-up';
import { UNOBSERVED, type BatchObserver } from '../telemetry/batch-observer';

/**
 * Runs one event handler (or one partition of it), at least once and in position order, as a state
 * machine (`TRANSITIONS`) over its parts: feed, delivery (error policy), checkpointer, waiters, rebuild.
 */
export class Subscription {
  readonly name: string; // the handler's, or its partition's (`name#index/count`): checkpoint and lease
  readonly slice: HandlerSlice;
  readonly machine: HandlerStateMachine;
  private readonly wakeUp = new WakeUp();
  private readonly feed: Feed;
  readonly checkpoints: Checkpointer; // flushed by a truncation, which reads the stored checkpoints
  private readonly delivery: Delivery;
  readonly waiters = new Waiters(); // read by live queries: the position their results reflect
  readonly rebuilds: Rebuild;
  private readonly outage: Outage;
  private readonly standby: Standby;
  private deadLettered = 0;
  private lastError: HandlerErrorInfo | undefined;
  private stopping = false;
  private readonly isStopping = () => this.stopping;
  private readonly goOn = () => !this.stopping && !this.leases.lost;
  readonly leases = new LeaseHolder(this.wakeUp); // its fence: what a repartition's last write carries
  private loop: Promise<void> | undefined;

  constructor(
    readonly meta: HandlerMeta,
    private readonly processor: EventProcessor,
    private readonly store: EventLog & HandlerStateStore & Pick<TruncationStore, 'readTruncations'>,
    processLeases: ProcessLeases,
    registry: Registry,
    settings: SubscriptionSettings,
    readonly logger: Logger,
    private readonly batches: BatchObserver = UNOBSERVED,
    { partition, share, until }: LoopPlace = {},
  ) {
    const decoder = new EventDecoder(meta.name, registry);
    this.slice = handlerSlice(meta, decoder, partition);
    const name = (this.name = this.slice.name);
    this.machine = new HandlerStateMachine(name, (state) => this.leases.report(state, this.lastError));
    const log = until === undefined ? store : cappedLog(store, until);
    this.feed = new Feed(log, this.wakeUp, settings.batchSize, settings.pollIntervalMs, this.slice.range);
    this.checkpoints = new Checkpointer(store, name, () => this.leases.fence);
    this.rebuilds = new Rebuild(name, (total) => truncatedUpTo(store, total));
    this.outage = new Outage(name, logger);
    const lease = { handler: meta.name, partition: partition ?? 0, ...(share ? { share } : {}) };
    this.standby = new Standby(store, processLeases, name, settings.standbyRetryMs, this.waiters, this.wakeUp, lease);
    this.delivery = new Delivery({
      handlerName: name,
      processor,
      handles: this.slice.handles,
      decoder,
      policy: meta.errorPolicy,
      deadLetters: store,
      retryEveryMs: settings.pollIntervalMs,
      control: this.control(),
      logger,
      fence: () => this.leases.fence,
      storeReachable: () => store.headPosition(),
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
    return loopStatus(this, await this.feed.head(), this.deadLettered, this.lastError);
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

  /** Resets the handler and replays the log as it was when the rebuild started (it must run here: not standby, failed, stopped). */
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
        if (error === STOPPING) break; // a refused fenced write (LEASE_LOST): back to standby
        if (error instanceof LeaseLost || hasErrorCode(error, 'LEASE_LOST')) continue;
        if (error instanceof StoppedByPolicy) {
          if (error.info) this.lastError = error.info;
          this.end('failed', error.reason); // recorded in the lease row, which it keeps
          this.leases.keep();
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
    this.waiters.advance(await this.checkpoints.load(() => startPosition(this.store, this.meta, this.feed)));
    this.machine.resume(this.rebuilds.active);
    try {
      while (this.goOn()) {
        if (this.rebuilds.pending) await this.beginRebuild();
        const batch = await this.feed.read(this.waiters.position);
        this.outage.healthy();
        await this.batches.deliver(batch, () => this.delivery.deliver(batch, this.waiters.position));
        if (this.leases.lost) break; // the checkpoint is the new holder's now
        this.waiters.advance(this.feed.through(batch, this.waiters.position));
        const position = this.waiters.position;
        await this.checkpoints.saveBehind(position);
        if (await this.standby.surplus()) break; // another process is below its share: let this partition go
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

  /** The store failed the handler: say so, back off, take the lease again (see `Feed.notifiedSince`). False when stopping. */
  private async backOff(error: unknown): Promise<boolean> {
    const { lastError, delayMs } = this.outage.failed(error, this.waiters.position);
    this.lastError = lastError;
    this.machine.to('retrying');
    this.standby.tryNow();
    const back = hasErrorCode(error, 'STORE_UNAVAILABLE') ? this.feed.notifiedSince() : undefined;
    return this.wakeUp.hold(delayMs, this.isStopping, back);
  }

  private end(state: 'failed' | 'stopped', reason: string): void {
    endHandler(this, state, reason);
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
