/** A finished span as plain data: what a child process prints and a test checks. */
export interface SpanRecord {
  readonly name: string;
  readonly kind: number;
  readonly traceId: string;
  readonly spanId: string;
  readonly parentSpanId?: string;
  readonly attributes: Record<string, unknown>;
  readonly links: readonly { readonly traceId: string; readonly spanId: string }[];
  readonly status: number;
  /** Start and end, in ms since the epoch. */
  readonly start: number;
  readonly end: number;
  /** Who recorded it: the process's label. */
  readonly process: string;
}

interface ReadableSpanLike {
  readonly name: string;
  readonly kind: number;
  spanContext(): { traceId: string; spanId: string };
  readonly parentSpanContext?: { spanId: string };
  readonly attributes: Record<string, unknown>;
  readonly links: readonly { context: { traceId: string; spanId: string } }[];
  readonly status: { code: number };
  readonly startTime: readonly [number, number];
  readonly endTime: readonly [number, number];
}

const ms = ([s, ns]: readonly [number, number]) => s * 1000 + ns / 1e6;

/** An SDK span (`ReadableSpan` of @opentelemetry/sdk-trace-base) as a `SpanRecord`. */
export function spanRecord(span: ReadableSpanLike, process: string): SpanRecord {
  const { traceId, spanId } = span.spanContext();
  return {
    name: span.name,
    kind: span.kind,
    traceId,
    spanId,
    ...(span.parentSpanContext ? { parentSpanId: span.parentSpanContext.spanId } : {}),
    attributes: { ...span.attributes },
    links: span.links.map((l) => ({ traceId: l.context.traceId, spanId: l.context.spanId })),
    status: span.status.code,
    start: ms(span.startTime),
    end: ms(span.endTime),
    process,
  };
}
