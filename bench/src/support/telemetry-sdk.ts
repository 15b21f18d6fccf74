import { propagation } from '@opentelemetry/api';
import { W3CTraceContextPropagator, ExportResultCode, type ExportResult } from '@opentelemetry/core';
import { MeterProvider, PeriodicExportingMetricReader, type PushMetricExporter } from '@opentelemetry/sdk-metrics';
import {
  BasicTracerProvider,
  BatchSpanProcessor,
  ParentBasedSampler,
  TraceIdRatioBasedSampler,
  type SpanExporter,
} from '@opentelemetry/sdk-trace-base';
import type { TelemetryOptions } from '@edict/core';

/** Takes every span and drops it: the SDK's whole work, minus the network. */
class NoopSpanExporter implements SpanExporter {
  exported = 0;
  export(spans: unknown[], done: (result: ExportResult) => void): void {
    this.exported += spans.length;
    done({ code: ExportResultCode.SUCCESS });
  }
  shutdown(): Promise<void> {
    return Promise.resolve();
  }
}

class NoopMetricExporter implements PushMetricExporter {
  export(_metrics: unknown, done: (result: ExportResult) => void): void {
    done({ code: ExportResultCode.SUCCESS });
  }
  forceFlush(): Promise<void> {
    return Promise.resolve();
  }
  shutdown(): Promise<void> {
    return Promise.resolve();
  }
}

/** A real SDK, as an application would run it, exporting nowhere; `shutdown` flushes and ends it. */
export interface BenchSdk {
  readonly telemetry: TelemetryOptions;
  /** Spans the exporter was given so far (proof that tracing was on). */
  spans(): number;
  shutdown(): Promise<void>;
}

/**
 * `sampled`: the share of root traces kept (a parent-based ratio sampler, as production tracing
 * is usually set up); every trace when not given, the SDK's default.
 */
export function benchSdk(sampled?: number): BenchSdk {
  // What the Node SDK registers: events then carry a W3C traceparent.
  propagation.setGlobalPropagator(new W3CTraceContextPropagator());
  const spans = new NoopSpanExporter();
  const sampler =
    sampled === undefined ? {} : { sampler: new ParentBasedSampler({ root: new TraceIdRatioBasedSampler(sampled) }) };
  const tracerProvider = new BasicTracerProvider({ spanProcessors: [new BatchSpanProcessor(spans)], ...sampler });
  const reader = new PeriodicExportingMetricReader({ exporter: new NoopMetricExporter(), exportIntervalMillis: 1000 });
  const meterProvider = new MeterProvider({ readers: [reader] });
  return {
    telemetry: { tracerProvider, meterProvider },
    spans: () => spans.exported,
    shutdown: async () => {
      await tracerProvider.forceFlush();
      await Promise.all([tracerProvider.shutdown(), meterProvider.shutdown()]);
    },
  };
}
