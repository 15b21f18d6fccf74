import type { RecordedEvent } from '../store/types';
import type { EventContext } from './types';

/**
 * Delivers one stored event to one handler; Edict wraps every call in the handler's error
 * policy. The built-in processors call `@On` methods (event handlers) or run process managers;
 * plugins (such as `@edict/typeorm` projections) bring their own, e.g. to write a read model
 * and the checkpoint in one transaction.
 */
export interface EventProcessor {
  /** Handles an event the handler has an `@On` method for. */
  process(event: object, ctx: EventContext, recorded: RecordedEvent): Promise<void>;
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
    async process(event, ctx) {
      const method = on.get(ctx.eventType)!;
      await (instance as Record<string, (e: object, c: EventContext) => unknown>)[method]!.call(instance, event, ctx);
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
