import type { RecordedEvent } from '../store/types';
import type { EventContext } from './types';

/**
 * Delivers one stored event to one handler; Edict wraps every call in the handler's error
 * policy. The built-in processors call `@On` methods (event handlers) or run process managers;
 * plugins (such as `@edict/typeorm` projections) bring their own, e.g. to write a read model
 * and the checkpoint in one transaction.
 */
export interface EventProcessor {
  /**
   * Handles an event the handler has an `@On` method for. May finish synchronously (return
   * nothing); Edict awaits what it returns only when that is a promise.
   */
  process(event: object, ctx: EventContext, recorded: RecordedEvent): Promise<void> | void;
  /**
   * Clears what the handler built and sets its checkpoint to 0, before a rebuild replays the
   * log. The default calls the handler's `reset()` method, if it has one, then resets the
   * checkpoint to 0 (`store.resetCheckpoint`).
   */
  reset?(): Promise<void>;
}

/** The processor of plain event handlers: calls the `@On` method with the event and its context. */
export function methodProcessor(instance: object, on: ReadonlyMap<string, string>): EventProcessor {
  return {
    process(event, ctx) {
      const method = on.get(ctx.eventType)!;
      const result = (instance as Record<string, (e: object, c: EventContext) => unknown>)[method]!.call(
        instance,
        event,
        ctx,
      );
      // A synchronous method costs no promise; an async one is awaited by the caller.
      return typeof (result as { then?: unknown } | null | undefined)?.then === 'function'
        ? Promise.resolve(result).then(() => undefined)
        : undefined;
    },
  };
}

/** Progress of a rebuild, in events of the log. */
export interface RebuildProgress {
  readonly handlerName: string;
  /** Events replayed so far. */
  readonly done: number;
  /** Events in the log when the rebuild started. */
  readonly total: number;
}
