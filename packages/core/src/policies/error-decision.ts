import type { ErrorDecision as Decision } from '../contracts/error-policy';

/** What an error policy decides for one failed attempt at an event. */
export type ErrorDecision = Decision;

/** The longest delay a timer can wait: Node runs a longer one after 1 ms. */
export const MAX_RETRY_DELAY_MS = 2_147_483_647;

/**
 * The decisions an error policy function returns.
 *
 * @example
 * errorPolicy: (error, failure, attempt) => (attempt < 3 ? ErrorDecision.retry(500) : ErrorDecision.skip())
 */
export const ErrorDecision = {
  /** Try the event again after `delayMs` (0 to 2^31-1 ms); the handler does not move on meanwhile. */
  retry(delayMs: number): ErrorDecision {
    return { action: 'retry', delayMs };
  },
  /** Record the event as a dead letter and go on with the next one. */
  skip(): ErrorDecision {
    return { action: 'skip' };
  },
  /** Stop the handler at the event; it resumes from it when the application restarts. */
  stop(): ErrorDecision {
    return { action: 'stop' };
  },
} as const;

/** What is wrong with `value` as a decision, or undefined when it is one. */
export function decisionProblem(value: unknown): string | undefined {
  const d = value as { action?: unknown; delayMs?: unknown } | null;
  if (typeof d !== 'object' || d === null) return `it returned ${describe(value)}, not a decision`;
  if (d.action === 'skip' || d.action === 'stop') return undefined;
  if (d.action !== 'retry') return `it returned ${describe(value)}: the action must be 'retry', 'skip' or 'stop'`;
  const ms = d.delayMs;
  if (!Number.isSafeInteger(ms) || (ms as number) < 0 || (ms as number) > MAX_RETRY_DELAY_MS) {
    return `it returned ${describe(value)}: delayMs must be an integer from 0 to ${MAX_RETRY_DELAY_MS}`;
  }
  return undefined;
}

function describe(value: unknown): string {
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}
