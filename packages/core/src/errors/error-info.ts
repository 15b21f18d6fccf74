import { isEdictError } from './edict-error';

/** What status and dead letters keep of an error: its message, its code (Edict errors), its stack. */
export function errorInfo(error: unknown): { message: string; code?: string; stack?: string } {
  if (error instanceof Error) {
    return {
      message: error.message,
      ...(isEdictError(error) ? { code: error.code } : {}),
      ...(error.stack ? { stack: error.stack } : {}),
    };
  }
  return { message: String(error) };
}
