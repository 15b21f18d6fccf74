/**
 * Where Edict reports what happens: the console by default (warnings and errors only), or the
 * application's logger. `info` (a handler started, caught up) and `debug` (conflict retries,
 * events processed) are optional: a logger without them hears only warnings and errors. Every
 * call gives its structured fields (handler, position, command type, ...) apart from the message.
 *
 * @example
 * const logger: Logger = { warn: pino.warn.bind(pino), error: pino.error.bind(pino), info: pino.info.bind(pino) };
 */
export interface Logger {
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
  info?(message: string, fields?: Record<string, unknown>): void;
  debug?(message: string, fields?: Record<string, unknown>): void;
}

/** The levels of `consoleLoggerAt`, quietest last. */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
