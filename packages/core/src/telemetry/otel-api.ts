import type * as Otel from '@opentelemetry/api';

/** The OpenTelemetry API module, as the application installed it. */
export type OtelApi = typeof Otel;

let loaded: OtelApi | null | undefined;

/**
 * `@opentelemetry/api` when the application has it, undefined when it does not: an optional
 * peer dependency, required on first use only, once. Any failure other than its absence
 * (a broken install) is thrown, not taken for "telemetry off".
 */
export function otelApi(): OtelApi | undefined {
  if (loaded === undefined) {
    try {
      // A plain require, guarded: an application without the package pays nothing for it.
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      loaded = require('@opentelemetry/api') as OtelApi;
    } catch (error) {
      const missing = (error as { code?: string }).code === 'MODULE_NOT_FOUND';
      if (!missing || !String((error as Error).message).includes('@opentelemetry/api')) throw error;
      loaded = null;
    }
  }
  return loaded ?? undefined;
}
