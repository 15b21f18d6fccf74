import { InvalidOptionsError } from '../errors';
import { checkOptionKeys } from '../validation/rules';
import type { EdictOptions } from './edict-options';

const HOOKS = ['before', 'after', 'onError'];

/** Checks `telemetry`, `handlerMiddleware` and the logger's optional levels, each mistake an `InvalidOptionsError`. */
export function checkTelemetryOptions(options: EdictOptions, valid: readonly string[]): void {
  const t = options.telemetry as unknown;
  if (t !== undefined && t !== false) {
    const keys = ['tracerProvider', 'meterProvider'];
    if (typeof t !== 'object' || t === null)
      throw new InvalidOptionsError('Edict.create', 'telemetry', valid, 'must be false or an object');
    checkOptionKeys('Edict.create telemetry', t, keys);
    const { tracerProvider, meterProvider } = t as Record<string, { getTracer?: unknown; getMeter?: unknown }>;
    if (tracerProvider !== undefined && typeof tracerProvider?.getTracer !== 'function')
      throw new InvalidOptionsError('Edict.create telemetry', 'tracerProvider', keys, 'must be a TracerProvider');
    if (meterProvider !== undefined && typeof meterProvider?.getMeter !== 'function')
      throw new InvalidOptionsError('Edict.create telemetry', 'meterProvider', keys, 'must be a MeterProvider');
  }
  const logger = options.logger as unknown as Record<string, unknown> | undefined;
  if (logger !== undefined) {
    const levels = ['warn', 'error', 'info', 'debug'];
    if (typeof logger !== 'object' || logger === null)
      throw new InvalidOptionsError('Edict.create', 'logger', valid, 'must be a Logger');
    for (const level of levels) {
      const f = logger[level];
      if (f === undefined && (level === 'info' || level === 'debug')) continue;
      if (typeof f !== 'function')
        throw new InvalidOptionsError(
          'Edict.create logger',
          level,
          levels,
          'must be a function (info and debug may be left out)',
        );
    }
  }
  const hooks = options.handlerMiddleware as unknown;
  if (hooks === undefined) return;
  if (!Array.isArray(hooks))
    throw new InvalidOptionsError('Edict.create', 'handlerMiddleware', valid, 'must be an array of HandlerMiddleware');
  hooks.forEach((h: unknown, i) => {
    const where = `Edict.create handlerMiddleware[${i}]`;
    if (typeof h !== 'object' || h === null) throw new InvalidOptionsError(where, 'entry', HOOKS, 'must be an object');
    for (const key of HOOKS) {
      const f = (h as Record<string, unknown>)[key];
      if (f !== undefined && typeof f !== 'function')
        throw new InvalidOptionsError(where, key, HOOKS, 'must be a function');
    }
  });
}
