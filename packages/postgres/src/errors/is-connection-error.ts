/** The fields of a driver error this package reads. */
export interface PgError {
  code?: string;
  constraint?: string;
  detail?: string;
  message?: string;
}

/** Connection-level failures: the server went away, or never answered. */
const CONNECTION_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'ENOTFOUND',
  'EAI_AGAIN',
  '57P01', // admin_shutdown
  '57P02', // crash_shutdown
  '57P03', // cannot_connect_now
  '08000',
  '08001',
  '08003',
  '08004',
  '08006',
]);

/**
 * Whether a driver error is a connection failure (the server went away or never answered),
 * rather than a statement's own error.
 *
 * @example
 * if (isConnectionError(error)) throw new StoreUnavailableError('projection', error);
 */
export function isConnectionError(error: unknown): boolean {
  const e = error as PgError | null;
  if (typeof e !== 'object' || e === null) return false;
  if (e.code !== undefined && CONNECTION_CODES.has(e.code)) return true;
  const message = e.message ?? '';
  // "timeout exceeded when trying to connect": the pool had no connection to give in time.
  return /Connection terminated|connection timeout|timeout exceeded when trying to connect|Client has encountered a connection error|Client was closed|terminating connection/i.test(
    message,
  );
}
