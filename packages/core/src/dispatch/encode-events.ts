import type { CommandContext } from '../contracts/dispatch';
import type { EventMetadata, NewEvent, TraceMetadata } from '../contracts/store-records';
import { encodeJson } from '../serialization/json-codec';
import { v7 as uuidv7 } from 'uuid';
import type { DecidedEvent } from './aggregate-runtime';

/**
 * The metadata every event of a command carries; the dispatch metadata encoded once, under
 * `user`; the dispatch span's trace context (`traceparent`, `tracestate`) when traces are on.
 */
export function eventMetadata(ctx: CommandContext, maxSize: number, trace?: TraceMetadata): EventMetadata {
  return {
    commandId: ctx.commandId,
    correlationId: ctx.correlationId,
    causationId: ctx.causationId,
    ...trace,
    ...(Object.keys(ctx.metadata).length > 0
      ? { user: encodeJson(ctx.metadata, `metadata of ${ctx.commandType}`, maxSize) }
      : {}),
  };
}

/** The events an executor decided, encoded for the store, each with a new id (UUID v7). */
export function encodeEvents(decided: readonly DecidedEvent[], metadata: EventMetadata, maxSize: number): NewEvent[] {
  return decided.map(({ event, meta }) => ({
    eventId: uuidv7(),
    type: meta.type,
    schemaVersion: meta.version,
    data: encodeJson(event, meta.type, maxSize),
    metadata,
  }));
}
