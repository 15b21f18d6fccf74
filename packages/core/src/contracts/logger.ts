/** Where Edict reports warnings and handler failures: the console by default, or the application's logger. */
export interface Logger {
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}
