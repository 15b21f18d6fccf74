import { hasErrorCode } from '../errors';
import type { RecordedEvent } from '../contracts/store-records';
import { isPromiseLike } from '../util/is-promise-like';
import type { ErrorDecision } from '../contracts/error-policy';
import { errorInfo } from '../errors/error-info';
import { decide } from '../policies/error-policy';
import type { ErrorPolicy } from '../contracts/error-policy';
import type { EventDecoder } from './event-decoder';
import { MAX_PROCESS_BATCH, type EventProcessor, type ProcessItem } from '../contracts/event-processor';
import { LeaseLost, StoppedByPolicy } from './signals';
import type { Logger } from '../contracts/logger';
import type { HandlerStateStore } from '../contracts/handler-state-store';
import type { LeaseFence } from '../contracts/lease-records';
import { DeadLetterRetries } from './dead-letter-retries';
import type { DeliveryControl } from './delivery-control';

export type { DeliveryControl } from './delivery-control';

export interface DeliveryParts {
  readonly handlerName: string;
  readonly processor: EventProcessor;
  /** Whether the handler takes this event; others are passed over. */
  readonly handles: (recorded: RecordedEvent) => boolean;
  readonly decoder: EventDecoder;
  readonly policy: ErrorPolicy;
  readonly deadLetters: Pick<HandlerStateStore, 'addDeadLetter' | 'readDeadLetterRetries' | 'purgeDeadLetters'>;
  /** How often, at most, the dead letters marked for a retry are looked for. */
  readonly retryEveryMs: number;
  readonly control: DeliveryControl;
  readonly logger: Logger;
  /** The fence of the lease held now, given to the processor with each event. */
  readonly fence: () => LeaseFence | undefined;
  /** Rejects with `StoreUnavailableError` while the store cannot be reached (see `recover`). */
  readonly storeReachable?: () => Promise<unknown>;
}

/** Not the event's failure: an outage, or a lease another process took. Left to the subscription. */
const notTheEvents = (error: unknown) => hasErrorCode(error, 'STORE_UNAVAILABLE') || hasErrorCode(error, 'LEASE_LOST');
const STOP: ErrorDecision = { action: 'stop' };

/**
 * Delivers a batch of events to one handler, in position order: each event alone, or runs of
 * them through `processBatch` where the processor has it. Every try of an event goes through
 * `attempt`, and every failure through `recover`, which applies the error policy; an
 * unreachable store is an outage, left to the subscription, not a failure of the event.
 */
export class Delivery {
  private readonly delivered = () => this.parts.control.delivered();
  /** The processor's start-up check passed (it runs once). */
  private started = false;
  private readonly retries: DeadLetterRetries;

  constructor(private readonly parts: DeliveryParts) {
    this.retries = new DeadLetterRetries(parts.deadLetters, parts.handlerName, parts.retryEveryMs);
  }

  /** Delivers again the dead letters an operator asked to retry, if a look for them is due. */
  retryDeadLetters(): Promise<void> {
    return this.retries.take(
      (recorded) => this.alone(recorded),
      () => this.parts.control.goOn(),
    );
  }

  /**
   * Delivers a batch read after `position` (the handler's position). Before the first batch,
   * even an empty one, the processor's start-up check runs (`EventProcessor.start`).
   */
  async deliver(events: readonly RecordedEvent[], position = 0): Promise<void> {
    if (!this.started) await this.start(position);
    const { control } = this.parts;
    if (this.parts.processor.processBatch) {
      for (let i = 0; i < events.length && control.goOn();) i = await this.run(events, i);
      return;
    }
    for (const recorded of events) {
      if (!control.goOn()) return;
      const delivering = this.one(recorded);
      if (delivering) await delivering;
      control.passed(recorded.position);
    }
  }

  /**
   * The processor's start-up check, once: a failure stops the handler at once, unretried (a
   * configuration mistake does not heal); an outage (`StoreUnavailableError`) goes up as it is,
   * to be backed off like any other.
   */
  private async start(position: number): Promise<void> {
    try {
      await this.parts.processor.start?.();
    } catch (error) {
      if (hasErrorCode(error, 'STORE_UNAVAILABLE')) throw error;
      const info = errorInfo(error);
      this.parts.control.failed({ ...info, position, attempts: 1, at: new Date() }, { action: 'stop' });
      throw new StoppedByPolicy(info.message, position);
    }
    this.started = true;
  }

  /**
   * Delivers one event. A handler that finished synchronously costs no promise: the result is
   * a promise only while the handler's own promise or the error policy is pending.
   */
  one(recorded: RecordedEvent): Promise<void> | undefined {
    if (!this.parts.handles(recorded)) return undefined;
    let pending: Promise<void> | undefined;
    try {
      pending = this.attempt(recorded);
    } catch (error) {
      return this.recover(recorded, error);
    }
    if (pending === undefined) {
      this.parts.control.delivered();
      return undefined;
    }
    return pending.then(this.delivered, (error: unknown) => this.recover(recorded, error));
  }

  /**
   * Delivers the events from `from` on, as far as one run goes, and returns the index after
   * the last one got past. A run is up to `MAX_PROCESS_BATCH` events the handler takes (with
   * those it does not take between them), given to `processBatch` at once. When that rejects
   * (nothing took effect), its events go one at a time until one of them meets the error
   * policy; the rest goes back to runs.
   */
  private async run(events: readonly RecordedEvent[], from: number): Promise<number> {
    const { control, processor } = this.parts;
    const items: ProcessItem[] = [];
    let end = from;
    for (; end < events.length && items.length < MAX_PROCESS_BATCH; end++) {
      const recorded = events[end]!;
      if (!this.parts.handles(recorded)) continue;
      try {
        items.push(this.parts.decoder.item(recorded));
      } catch {
        break; // an event that cannot be decoded goes alone, through the error policy
      }
    }
    if (items.length > 1) {
      try {
        await processor.processBatch!(items, this.parts.fence());
        control.delivered();
        control.passed(events[end - 1]!.position);
        return end;
      } catch (error) {
        if (notTheEvents(error)) throw error;
        this.parts.logger.warn(
          `Handler '${this.parts.handlerName}' failed on a run of ${items.length} events; delivering them one by one`,
          { from: items[0]!.recorded.position, to: items.at(-1)!.recorded.position, error: errorInfo(error).message },
        );
      }
    }
    const last = Math.max(end, from + 1);
    let i = from;
    while (i < last) {
      const recorded = events[i++]!;
      const metPolicy = await this.alone(recorded);
      control.passed(recorded.position);
      if (metPolicy || !control.goOn()) break;
    }
    return i;
  }

  /** Delivers one event, waiting for it; true when it met the error policy. */
  private async alone(recorded: RecordedEvent): Promise<boolean> {
    if (!this.parts.handles(recorded)) return false;
    try {
      await this.attempt(recorded);
    } catch (error) {
      await this.recover(recorded, error);
      return true;
    }
    this.parts.control.delivered();
    return false;
  }

  /** One try: decodes the event and hands it to the processor. A promise only if the processor returned one. */
  private attempt(recorded: RecordedEvent): Promise<void> | undefined {
    const { decoder } = this.parts;
    const fence = this.parts.fence();
    const pending = this.parts.processor.process(decoder.event(recorded), decoder.context(recorded), recorded, fence);
    return isPromiseLike(pending) ? Promise.resolve(pending) : undefined;
  }

  /**
   * Applies the error policy to a failed event, trying it again as long as the policy says
   * so. Resolves once the event went through or became a dead letter; throws `StoppedByPolicy`,
   * `LeaseLost`, `STOPPING`, or the outage.
   */
  private async recover(recorded: RecordedEvent, firstError: unknown): Promise<void> {
    const { control, handlerName } = this.parts;
    let error = firstError;
    for (let attempt = 1; ; attempt++) {
      // The store is unreachable, or the lease moved to another process: not the event's fault,
      // so not the error policy's business (neither may stop the handler or dead-letter events).
      if (notTheEvents(error)) throw error;
      let decision: ErrorDecision;
      try {
        decision = decide(this.parts.policy, error, { handlerName, event: recorded }, attempt);
      } catch (policyError) {
        error = policyError;
        decision = STOP;
      }
      // A last decision while the database is down: the handler most likely failed with it (its
      // own writes), so it is an outage, left to the subscription, and the event is kept for later.
      if (decision.action !== 'retry') await this.outageOrNothing();
      const info = errorInfo(error);
      this.parts.logger.warn(`Handler '${handlerName}' failed on event ${recorded.position} (${recorded.type})`, {
        attempt,
        decision: decision.action,
        error: info.message,
      });
      control.failed({ ...info, position: recorded.position, attempts: attempt, at: new Date() }, decision);
      if (decision.action === 'stop') throw new StoppedByPolicy(info.message, recorded.position);
      if (decision.action === 'skip') {
        await this.parts.deadLetters.addDeadLetter({
          handler: handlerName,
          event: recorded,
          error: info,
          attempts: attempt,
          failedAt: new Date(),
        });
        control.deadLettered();
        return;
      }
      await control.backoff(decision.delayMs);
      if (control.leaseLost()) throw new LeaseLost();
      try {
        await this.attempt(recorded);
        control.delivered();
        return;
      } catch (retryError) {
        error = retryError;
      }
    }
  }

  /** Throws the outage when the store cannot be reached now; anything else is not this check's business. */
  private async outageOrNothing(): Promise<void> {
    try {
      await this.parts.storeReachable?.();
    } catch (error) {
      if (hasErrorCode(error, 'STORE_UNAVAILABLE')) throw error;
    }
  }
}
