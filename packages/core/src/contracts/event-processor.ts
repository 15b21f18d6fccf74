import type { EventContext } from './event-context';
import type { LeaseFence } from './lease-records';
import type { RecordedEvent } from './store-records';

/**
 * The most events given to one `EventProcessor.processBatch` call. Past a hundred events, the
 * commit saved per event is small next to the event's own work, while a longer run holds
 * its locks longer, keeps strong-consistency waiters waiting for its end, loses more work when
 * one event fails and must be replayed one at a time, and delays `stop()`.
 */
export const MAX_PROCESS_BATCH = 100;

/** One event of a run given to `EventProcessor.processBatch`: what `process` takes. */
export interface ProcessItem {
  readonly event: object;
  readonly ctx: EventContext;
  readonly recorded: RecordedEvent;
}

/**
 * Delivers one stored event to one handler; Edict wraps every call in the handler's error
 * policy. The built-in processors call `@On` methods (event handlers) or run process managers;
 * plugins (such as `@edict/typeorm` projections) bring their own, e.g. to write a read model
 * and the checkpoint in one transaction.
 */
export interface EventProcessor {
  /**
   * Handles an event the handler has an `@On` method for. May finish synchronously (return
   * nothing); Edict awaits what it returns only when that is a promise. `lease` is the fence of
   * the lease the handler runs under: a processor that commits its own transaction (a
   * projection) checks it there, so that a holder fenced out commits nothing (reject with
   * `LeaseLostError`: the subscription then lets go of the lease, and the event is left to
   * the new holder, not to the error policy).
   */
  process(event: object, ctx: EventContext, recorded: RecordedEvent, lease?: LeaseFence): Promise<void> | void;
  /**
   * Optional: handles a run of events in one go (say, one transaction), in position order.
   * During catch-up the subscription gives it the events of a read batch that the handler has
   * `@On` methods for (at most `MAX_PROCESS_BATCH`; events it does not handle are left out,
   * and passed over as usual). It must be all or nothing: a rejection means that none of the
   * run took effect. The subscription then delivers the same events one at a time through
   * `process`, under the error policy, so that the failing event alone is retried,
   * dead-lettered or stops the handler. A `StoreUnavailableError` is an outage instead: no
   * fallback, the subscription backs off and resumes from its checkpoint; a `LeaseLostError`
   * ends the holder's run (see `process`).
   */
  processBatch?(items: readonly ProcessItem[], lease?: LeaseFence): Promise<void>;
  /**
   * Optional: checks, once the handler holds its lease and before it reads any event, that it
   * can work (say, that the table its checkpoint lives in exists). A rejection stops the
   * handler at once (`failed`, with the error as its `lastError`), with no retries: a
   * configuration mistake does not heal. A `StoreUnavailableError` is an outage instead: the
   * subscription backs off and tries again.
   */
  start?(): Promise<void>;
  /**
   * Clears what the handler built and sets its checkpoint to 0, before a rebuild replays the
   * log. The default calls the handler's `reset()` method, if it has one, then resets the
   * checkpoint to 0 (`store.resetCheckpoint`).
   */
  reset?(): Promise<void>;
}
