import { InvalidOptionsError } from '../errors';
import type { Logger, LogLevel } from '../contracts/logger';

const LEVELS: readonly LogLevel[] = ['debug', 'info', 'warn', 'error'];

/** The default logger: warnings and errors to the console, nothing below. */
export const consoleLogger: Logger = {
  warn: (message, fields) => console.warn(message, fields ?? ''),
  error: (message, fields) => console.error(message, fields ?? ''),
};

/**
 * A console logger that reports from `level` up: `'info'` adds handler start-ups and
 * catch-ups, `'debug'` adds conflict retries and every event processed.
 *
 * @example
 * const edict = await Edict.create({ store, aggregates: [Account], logger: consoleLoggerAt('info') });
 */
export function consoleLoggerAt(level: LogLevel): Logger {
  const from = LEVELS.indexOf(level);
  if (from < 0)
    throw new InvalidOptionsError('consoleLoggerAt', 'level', LEVELS, `must be one of ${LEVELS.join(', ')}`);
  return {
    ...consoleLogger,
    ...(from <= 1 ? { info: (message: string, fields?: object) => console.info(message, fields ?? '') } : {}),
    ...(from === 0 ? { debug: (message: string, fields?: object) => console.debug(message, fields ?? '') } : {}),
    ...(from === 3 ? { warn: () => undefined } : {}),
  };
}
