import type { Context, Link, Span } from '@opentelemetry/api';
import type { RecordedEvent, TraceMetadata } from '../contracts/store-records';
import { ATTR } from './names';
import type { Telemetry } from './telemetry';

/**
 * The most links a read batch's span carries: to the first dispatches that produced its
 * events, in log order. A catch-up batch holds up to a thousand events, most often from as many
 * commands; a link each would cost more than the events' own work, and no trace viewer shows
 * a thousand links usefully.
 */
export const MAX_BATCH_LINKS = 32;

/**
 * The span of the events of one read batch that a handler processes one by one: named and
 * attributed like the span of one event (`process <handler>`, CONSUMER), with the count of
 * events. When every one of them comes from one dispatch (a live event, most often), it is a
 * child of that dispatch, as the span of one event is; otherwise a root of its own, linked to
 * the dispatches that produced them (at most `MAX_BATCH_LINKS`). Undefined when the handler
 * takes none of the batch's events.
 */
export function readBatchSpan(
  telemetry: Telemetry,
  name: string,
  attributes: Readonly<Record<string, string>>,
  events: readonly RecordedEvent[],
  handles: (recorded: RecordedEvent) => boolean,
): [Span, Context] | undefined {
  const { api, tracer } = telemetry.tracing!;
  let first: RecordedEvent | undefined;
  let count = 0;
  let untraced = false;
  const seen = new Set<string>();
  const links: Link[] = [];
  for (const recorded of events) {
    if (!handles(recorded)) continue;
    first ??= recorded;
    count++;
    // Past the bound, the rest of the batch is only counted: no parse, no lookup.
    if (seen.size >= MAX_BATCH_LINKS) continue;
    const traceparent = (recorded.metadata as TraceMetadata | null)?.traceparent;
    if (typeof traceparent !== 'string') {
      untraced = true;
      continue;
    }
    if (seen.has(traceparent)) continue;
    seen.add(traceparent);
    const producer = telemetry.producerOf(recorded);
    if (producer) links.push({ context: producer });
  }
  if (first === undefined) return undefined;
  const oneProducer = !untraced && seen.size === 1 && links.length === 1;
  const parent = oneProducer ? api.trace.setSpanContext(api.ROOT_CONTEXT, links[0]!.context) : api.ROOT_CONTEXT;
  const span = tracer.startSpan(
    name,
    {
      kind: api.SpanKind.CONSUMER,
      root: !oneProducer,
      links,
      attributes:
        count === 1
          ? {
              ...attributes,
              [ATTR.batchCount]: 1,
              [ATTR.destination]: first.streamId,
              [ATTR.messageId]: first.eventId,
              [ATTR.conversationId]: String(first.metadata?.correlationId),
              [ATTR.eventType]: first.type,
              [ATTR.position]: first.position,
            }
          : { ...attributes, [ATTR.batchCount]: count, [ATTR.position]: first.position },
    },
    parent,
  );
  return [span, api.trace.setSpan(parent, span)];
}
