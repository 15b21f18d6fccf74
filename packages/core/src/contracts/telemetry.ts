import type { EventContext } from './event-context';

/**
 * Where Edict's spans and metrics go. Without it, Edict uses the providers the OpenTelemetry
 * SDK registered globally when `Edict.create` ran; without `@opentelemetry/api` installed, or
 * with no SDK registered, telemetry is off and costs one check per command.
 *
 * Typed structurally, so that an application without `@opentelemetry/api` compiles: pass the
 * SDK's `TracerProvider` and `MeterProvider`.
 *
 * @example
 * const edict = await Edict.create({ store, aggregates: [Account], telemetry: { tracerProvider, meterProvider } });
 */
export interface TelemetryOptions {
  /** Default: the global tracer provider (`trace.getTracerProvider()`). */
  readonly tracerProvider?: { getTracer(name: string, version?: string): unknown };
  /** Default: the global meter provider (`metrics.getMeterProvider()`). */
  readonly meterProvider?: { getMeter(name: string, version?: string): unknown };
}

/**
 * Cross-cutting steps around every event a handler, projection or process manager processes,
 * as `Middleware` is around every dispatch. Run in registration order, on every try of an
 * event (a retried event runs them again). For a run of events given to a plugin's
 * `processBatch`, each hook runs once per event of the run.
 *
 * @example
 * const timing: HandlerMiddleware = {
 *   before: (ctx) => void started.set(ctx.eventId, Date.now()),
 *   after: (ctx) => record(ctx.handlerName, Date.now() - started.get(ctx.eventId)!),
 * };
 */
export interface HandlerMiddleware {
  /** Runs before the handler; throwing fails the event, under the handler's error policy. */
  before?(ctx: EventContext, event: object): void | Promise<void>;
  /** Runs once the handler processed the event; throwing fails the event, as a handler error would. */
  after?(ctx: EventContext, event: object): void | Promise<void>;
  /** Hears of a failure of the handler or of a hook; the error then goes to the error policy. */
  onError?(ctx: EventContext, event: object, error: unknown): void | Promise<void>;
}
