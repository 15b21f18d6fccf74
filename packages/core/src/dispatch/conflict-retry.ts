import type { RetryOptions } from './dispatcher-config';

/**
 * How long to wait before try `attempt + 1` of a command whose append met a newer version:
 * undefined once the tries are used up. The first retry goes at once (the other writer is
 * usually done); later ones back off exponentially with full jitter, so that writers that
 * keep colliding spread out.
 */
export function retryDelayMs(attempt: number, retry: RetryOptions): number | undefined {
  if (attempt >= retry.attempts) return undefined;
  if (attempt === 1) return 0;
  const ceiling = Math.min(retry.maxDelayMs, retry.initialDelayMs * 2 ** (attempt - 2));
  return Math.random() * ceiling;
}
