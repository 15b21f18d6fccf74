import type { WatchFrame } from '@edict/core';

/** An event as the SSE stream sends it, in its `data` field. */
export interface SseEvent {
  readonly position: number;
  readonly type: string;
  readonly streamId: string;
  readonly version: number;
  readonly eventId: string;
  readonly createdAt: Date;
  readonly commandId: string;
  readonly correlationId: string;
  readonly causationId: string;
  readonly metadata: Readonly<Record<string, unknown>>;
  /** The event, decoded and upcast as handlers get it; Dates as ISO 8601 strings. */
  readonly data: object;
}

/**
 * A frame in the text/event-stream format. The `id` is the position, so that the browser's
 * `Last-Event-ID` resumes right after it. Events are unnamed messages (`onmessage`), the replay's
 * end is a `live` event, and a heartbeat is a comment that also moves the id past events a
 * filter left out. JSON escapes line breaks, so each payload is one `data:` line.
 */
export function sseText(frame: WatchFrame): string {
  switch (frame.kind) {
    case 'event': {
      const c = frame.context;
      const event: SseEvent = {
        position: frame.position,
        type: c.eventType,
        streamId: c.streamId,
        version: c.version,
        eventId: c.eventId,
        createdAt: c.createdAt,
        commandId: c.commandId,
        correlationId: c.correlationId,
        causationId: c.causationId,
        metadata: c.metadata,
        data: frame.event,
      };
      return `id: ${frame.position}\ndata: ${JSON.stringify(event)}\n\n`;
    }
    case 'live':
      return `id: ${frame.position}\nevent: live\ndata: ${JSON.stringify({ position: frame.position })}\n\n`;
    case 'heartbeat':
      return `: heartbeat\nid: ${frame.position}\n\n`;
  }
}
