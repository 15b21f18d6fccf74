import type { EventContext } from '../contracts/event-context';
import type { EventProcessor } from '../contracts/event-processor';
import { isPromiseLike } from '../util/is-promise-like';

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
      return isPromiseLike(result) ? (result as Promise<void>) : undefined;
    },
  };
}
