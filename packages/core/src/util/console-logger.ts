import type { Logger } from '../contracts/logger';

/** The default logger: warnings and errors to the console. */
export const consoleLogger: Logger = {
  warn: (message, fields) => console.warn(message, fields ?? ''),
  error: (message, fields) => console.error(message, fields ?? ''),
};
