import type { Context, Meter, SpanContext, Tracer, TracerProvider } from '@opentelemetry/api';
import type { RecordedEvent, TraceMetadata } from '../contracts/store-records';
import type { TelemetryOptions } from '../contracts/telemetry';
import { EdictMetrics } from './edict-metrics';
import { SCOPE } from './names';
import { otelApi, type OtelApi } from './otel-api';

/** The tracer and the API it came from, when traces are on. */
export interface Tracing {
  readonly api: OtelApi;
  readonly tracer: Tracer;
}

/**
 * The telemetry of one application: its tracer and its instruments, each undefined when off
 * (no `@opentelemetry/api`, no SDK registered, or `telemetry: false`), so that every probe
 * costs one check when there is nothing to report to.
 */
export class Telemetry {
  static readonly off = new Telemetry(undefined, undefined);

  /** The context of the span under way for a message (a stored event, a command), by that message. */
  private readonly active = new WeakMap<object, Context>();

  constructor(
    readonly tracing: Tracing | undefined,
    readonly metrics: EdictMetrics | undefined,
  ) {}

  get on(): boolean {
    return this.tracing !== undefined || this.metrics !== undefined;
  }

  /** Marks `context` as the one a dispatch caused by `message` continues; `leave` ends that. */
  enter(message: object, context: Context): void {
    this.active.set(message, context);
  }

  leave(message: object): void {
    this.active.delete(message);
  }

  /** The parent of a dispatch caused by `cause`: the span processing it, else the active context. */
  parentOf(cause: object | undefined): Context {
    const found = cause === undefined ? undefined : this.active.get(cause);
    return found ?? this.tracing!.api.context.active();
  }

  /**
   * The trace context `context` gives to the events of a command, for their metadata: through
   * the registered propagator, else (none registered) as W3C Trace Context, so that the trace
   * still travels.
   */
  inject(context: Context): TraceMetadata | undefined {
    const { api } = this.tracing!;
    const carrier: { traceparent?: string; tracestate?: string } = {};
    api.propagation.inject(context, carrier);
    if (typeof carrier.traceparent === 'string') {
      return carrier.tracestate ? { traceparent: carrier.traceparent, tracestate: carrier.tracestate } : carrier;
    }
    const span = api.trace.getSpanContext(context);
    if (span === undefined || !api.isSpanContextValid(span)) return undefined;
    const traceparent = `00-${span.traceId}-${span.spanId}-0${span.traceFlags & 1}`;
    const tracestate = span.traceState?.serialize();
    return tracestate ? { traceparent, tracestate } : { traceparent };
  }

  /** The context of the dispatch that produced `recorded`, read from its metadata; undefined without one. */
  producerOf(recorded: RecordedEvent): SpanContext | undefined {
    const md = recorded.metadata as TraceMetadata | null;
    if (typeof md?.traceparent !== 'string') return undefined;
    const { api } = this.tracing!;
    const span = api.trace.getSpanContext(api.propagation.extract(api.ROOT_CONTEXT, md)) ?? parseTraceparent(md);
    return span && api.isSpanContextValid(span) ? span : undefined;
  }
}

const TRACEPARENT = /^00-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})$/;

/** A W3C `traceparent` read by hand, for when no propagator is registered (tracestate is left out). */
function parseTraceparent(md: TraceMetadata): SpanContext | undefined {
  const m = TRACEPARENT.exec(md.traceparent!);
  return m ? { traceId: m[1]!, spanId: m[2]!, traceFlags: parseInt(m[3]!, 16), isRemote: true } : undefined;
}

/** `tracerProvider` is the API's global proxy with no SDK behind it. */
function isNoop(api: OtelApi, provider: TracerProvider): boolean {
  return (
    provider instanceof api.ProxyTracerProvider &&
    provider.getDelegate() === new api.ProxyTracerProvider().getDelegate()
  );
}

/**
 * The application's telemetry, from its options and the providers registered at this moment
 * (an SDK registered later is not seen: start it before `Edict.create`, as OpenTelemetry asks).
 */
export function createTelemetry(options: false | TelemetryOptions | undefined): Telemetry {
  if (options === false) return Telemetry.off;
  const api = otelApi();
  if (api === undefined) return Telemetry.off;
  const tracerProvider = (options?.tracerProvider as TracerProvider | undefined) ?? api.trace.getTracerProvider();
  const tracer = isNoop(api, tracerProvider) ? undefined : tracerProvider.getTracer(SCOPE);
  const meterProvider = options?.meterProvider ?? api.metrics.getMeterProvider();
  const meter = meterProvider.getMeter(SCOPE) as Meter;
  const noMeter = meter.constructor === api.createNoopMeter().constructor;
  if (tracer === undefined && noMeter) return Telemetry.off;
  return new Telemetry(tracer ? { api, tracer } : undefined, noMeter ? undefined : new EdictMetrics(meter));
}
