import { CorruptEventError } from '../errors';
import type { Registry } from '../metadata/registry';
import { toEventInstance } from '../serialization/event-serializer';
import { decodeJson } from '../serialization/json-codec';
import type { RecordedEvent } from '../contracts/store-records';
import type { ProcessItem } from '../contracts/event-processor';
import type { EventContext } from '../contracts/event-context';

/** The metadata of events dispatched without any: one shared, frozen object, not one per event. */
const NO_METADATA: Readonly<Record<string, unknown>> = Object.freeze({});
const NONE_REDACTED: readonly string[] = Object.freeze([]);

/**
 * Turns a stored event into what a handler is given: the instance of its `@Event` class
 * (upcast) and its `EventContext`. Both throw a named error for an event that cannot be decoded.
 */
export class EventDecoder {
  constructor(
    private readonly handlerName: string,
    private readonly registry: Registry,
  ) {}

  event(recorded: RecordedEvent): object {
    return toEventInstance(recorded, recorded.streamId, this.registry);
  }

  context(e: RecordedEvent): EventContext {
    const md = e.metadata as Partial<RecordedEvent['metadata']> | null;
    if (typeof md !== 'object' || md === null)
      throw new CorruptEventError(e.streamId, e.version, 'the metadata is not an object');
    return {
      handlerName: this.handlerName,
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
      redacted: e.redacted ?? NONE_REDACTED,
    };
  }

  /** The event as one item of a run given to `processBatch`. */
  item(recorded: RecordedEvent): ProcessItem {
    return { event: this.event(recorded), ctx: this.context(recorded), recorded };
  }
}
